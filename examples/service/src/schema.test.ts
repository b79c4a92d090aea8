import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { currentRevision, migrateTo } from './schema.js'
import { Store } from './store.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function database(): string {
  const dir = mkdtempSync(join(tmpdir(), 'example-db-'))
  dirs.push(dir)
  return join(dir, 'app.db')
}

describe('the example schema: expand-contract and a migration that is not', () => {
  it('r2 adds a column: v1, still serving, keeps reading and writing', () => {
    const path = database()
    const v1 = new Store(path, 'v1')
    v1.add('tea')
    migrateTo(new DatabaseSync(path), 'r2')
    expect(v1.ping()).toBe(1)
    expect(v1.add('coffee')).toEqual({ id: 2, name: 'coffee' })
    const v2 = new Store(path, 'v2')
    expect(v2.list()).toEqual([
      { id: 1, name: 'tea', note: null },
      { id: 2, name: 'coffee', note: null },
    ])
  })

  it('r3 renames a column v3 reads: v3 fails at once; going back to r2 mends it', () => {
    const path = database()
    const db = new DatabaseSync(path)
    migrateTo(db, 'r2')
    const v3 = new Store(path, 'v3')
    expect(migrateTo(db, 'r3')).toEqual(['upgrade -> r3'])
    expect(() => v3.ping()).toThrow(/no such column: name/)
    expect(migrateTo(db, 'r2')).toEqual(['downgrade r3 -> r2'])
    expect(v3.ping()).toBe(0)
    expect(currentRevision(db)).toBe('r2')
  })

  it('is idempotent at the target', () => {
    const db = new DatabaseSync(database())
    expect(migrateTo(db, 'r2')).toEqual(['upgrade -> r1', 'upgrade -> r2'])
    expect(migrateTo(db, 'r2')).toEqual([])
  })
})
