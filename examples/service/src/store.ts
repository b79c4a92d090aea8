import { DatabaseSync } from 'node:sqlite'

export interface Item {
  id: number
  name: string
}

/** The service's data: a real SQLite database, so /health/db checks something that can fail. */
export class Store {
  private readonly db: DatabaseSync

  constructor(path: string) {
    this.db = new DatabaseSync(path)
    this.db.exec('CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)')
  }

  add(name: string): Item {
    const result = this.db.prepare('INSERT INTO items (name) VALUES (?)').run(name)
    return { id: Number(result.lastInsertRowid), name }
  }

  list(): Item[] {
    return this.db.prepare('SELECT id, name FROM items ORDER BY id').all() as unknown as Item[]
  }

  /** Round-trips the database; throws when it is unusable. */
  ping(): number {
    const row = this.db.prepare('SELECT COUNT(*) AS count FROM items').get() as { count: number }
    return row.count
  }

  close(): void {
    this.db.close()
  }
}
