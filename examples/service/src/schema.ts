// The service's database schema, revision by revision, as a migration tool (alembic, Flyway)
// keeps it: what migrate.ts applies, and which revision each release's code reads.
import type { DatabaseSync } from 'node:sqlite'

export interface Revision {
  id: string
  up: string
  /** How to go back to the revision before, for a downgrade. */
  down: string
}

export const REVISIONS: readonly Revision[] = [
  { id: 'r1', up: 'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)', down: 'DROP TABLE items' },
  // Expand: a nullable column. v1 never names it, so v1 keeps working on r2.
  { id: 'r2', up: 'ALTER TABLE items ADD COLUMN note TEXT', down: 'ALTER TABLE items DROP COLUMN note' },
  // Not expand-contract: renames a column the releases before it read. The demo's bad v4 ships it.
  {
    id: 'r3',
    up: 'ALTER TABLE items RENAME COLUMN name TO title',
    down: 'ALTER TABLE items RENAME COLUMN title TO name',
  },
]

export interface Release {
  /** The revision this release's code needs. */
  revision: string
  /** The columns its code reads. */
  nameColumn: 'name' | 'title'
  note: boolean
}

const BY_VERSION: Record<string, Release> = {
  v1: { revision: 'r1', nameColumn: 'name', note: false },
  v4: { revision: 'r3', nameColumn: 'title', note: true },
}

/** v1 reads r1, v4 reads r3; every other release (v2, v3, dev builds) reads r2. */
export function releaseOf(version: string): Release {
  return BY_VERSION[version] ?? { revision: 'r2', nameColumn: 'name', note: true }
}

/** The revision the database is at, or undefined for a database with no schema yet. */
export function currentRevision(db: DatabaseSync): string | undefined {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get()
  if (!table) return undefined
  const row = db.prepare('SELECT revision FROM schema_version').get() as { revision?: string } | undefined
  return row?.revision
}

/** Moves the schema to `target` (up or down), one revision at a time, each in a transaction. Returns the steps. */
export function migrateTo(db: DatabaseSync, target: string): string[] {
  const at = REVISIONS.findIndex((revision) => revision.id === currentRevision(db))
  const to = REVISIONS.findIndex((revision) => revision.id === target)
  if (to < 0) throw new Error(`unknown revision ${target}: expected one of ${REVISIONS.map((r) => r.id).join(', ')}`)
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (revision TEXT NOT NULL)')
  const steps: string[] = []
  const record = (revision: string | undefined) => {
    db.exec('DELETE FROM schema_version')
    if (revision) db.prepare('INSERT INTO schema_version (revision) VALUES (?)').run(revision)
  }
  for (let index = at + 1; index <= to; index++) {
    const revision = REVISIONS[index]
    if (!revision) continue
    db.exec('BEGIN')
    db.exec(revision.up)
    record(revision.id)
    db.exec('COMMIT')
    steps.push(`upgrade -> ${revision.id}`)
  }
  for (let index = at; index > to; index--) {
    const revision = REVISIONS[index]
    if (!revision) continue
    db.exec('BEGIN')
    db.exec(revision.down)
    record(REVISIONS[index - 1]?.id)
    db.exec('COMMIT')
    steps.push(`downgrade ${revision.id} -> ${REVISIONS[index - 1]?.id ?? 'nothing'}`)
  }
  return steps
}
