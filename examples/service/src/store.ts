import { DatabaseSync } from 'node:sqlite'
import { currentRevision, migrateTo, releaseOf, type Release } from './schema.js'

export interface Item {
  id: number
  name: string
  note?: string | null
}

/**
 * The service's data: a real SQLite database, so /health/db checks something that can fail. It
 * reads the columns its release's revision has; a schema migrated under it (a renamed column)
 * makes its reads, and so /health/db, fail. A database with no schema yet gets its release's (a
 * fresh development database); an existing one is never migrated here: migrate.ts does that.
 */
export class Store {
  private readonly db: DatabaseSync
  private readonly release: Release

  constructor(path: string, version = 'dev') {
    this.db = new DatabaseSync(path)
    this.db.exec('PRAGMA busy_timeout = 5000')
    this.release = releaseOf(version)
    if (currentRevision(this.db) === undefined && !this.hasItems()) migrateTo(this.db, this.release.revision)
  }

  private hasItems(): boolean {
    return this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'items'").get() !== undefined
  }

  private get columns(): string {
    return `id, ${this.release.nameColumn} AS name${this.release.note ? ', note' : ''}`
  }

  add(name: string, note?: string): Item {
    const { nameColumn } = this.release
    const result = this.release.note
      ? this.db.prepare(`INSERT INTO items (${nameColumn}, note) VALUES (?, ?)`).run(name, note ?? null)
      : this.db.prepare(`INSERT INTO items (${nameColumn}) VALUES (?)`).run(name)
    return { id: Number(result.lastInsertRowid), name, ...(this.release.note ? { note: note ?? null } : {}) }
  }

  list(): Item[] {
    return this.db.prepare(`SELECT ${this.columns} FROM items ORDER BY id`).all() as unknown as Item[]
  }

  /** Reads what this release reads; throws when the schema no longer has it. */
  ping(): number {
    this.db.prepare(`SELECT ${this.columns} FROM items LIMIT 1`).all()
    const row = this.db.prepare('SELECT COUNT(*) AS count FROM items').get() as { count: number }
    return row.count
  }

  close(): void {
    this.db.close()
  }
}
