// Database migrations as a phase of blue-green-deploy, through the committed bundles: the real
// example service (examples/service, node:sqlite) on both colors sharing one SQLite database,
// behind real nginx and under load, migrated by its own migrate.ts (shaped like alembic).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import { repoRoot } from '../tools/lib/action-yml.js'
import { ensureNode24 } from '../tools/node24.js'
import { blueGreenEnv, type BlueGreenEnv } from './harness/blue-green-env.js'
import { underLoad as underLoadOn } from './harness/load.js'
import { runAction, type RunOptions } from './harness/run-action.js'

let bg: BlueGreenEnv
beforeEach(async () => {
  bg = await blueGreenEnv({ exampleService: true, database: true })
})
afterEach(async () => {
  await bg.close()
})

// tsx resolves from the working directory, as examples/deploy/start.sh knows: run from the repository.
const migrate = `cd ${repoRoot} && ${ensureNode24()} --import tsx examples/service/src/migrate.ts`
const migration = {
  'health-path': '/health/db',
  'migrate-command': migrate,
  'schema-version-command': `${migrate} --current`,
  'compat-window': '2s',
}

function deploy(version: string, inputs: Record<string, string> = {}, options: RunOptions = {}) {
  return runAction('blue-green-deploy', {
    inputs: { ...bg.inputs, ...migration, version, ...inputs },
    timeoutMs: 120_000,
    ...options,
    env: { ...bg.env, ...options.env },
  })
}

const underLoad = <T>(during: () => Promise<T>) => underLoadOn(`${bg.nginx.url}/health/db`, 100, during)

interface State {
  database?: { revision: string; by: string }
  colors: Record<string, { version: string; schemaRevision?: string }>
  current?: { phase: string; migration?: { before?: string; after?: string; again?: boolean } }
}
const state = (): State => JSON.parse(readFileSync(join(bg.stateDir, 'state.json'), 'utf8')) as State
const revision = () => {
  const db = new DatabaseSync(bg.database)
  try {
    return (db.prepare('SELECT revision FROM schema_version').get() as { revision: string }).revision
  } finally {
    db.close()
  }
}

describe('blue-green-deploy with a database migration', () => {
  it('a compatible migration (r1 -> r2, a new nullable column) deploys with 0 failed requests and records the revision', async () => {
    const first = await deploy('v1')
    expect(first.main.errors).toEqual([])
    expect(revision()).toBe('r1')
    const [second, load] = await underLoad(() => deploy('v2'))
    expect(second.main.errors).toEqual([])
    expect(second.main.outputs).toMatchObject({ 'active-color': 'green', version: 'v2', phase: 'complete' })
    expect(load.total.requests).toBeGreaterThan(200)
    expect(load.total.failuresByCause).toEqual({})
    expect(revision()).toBe('r2')
    expect(state()).toMatchObject({
      database: { revision: 'r2', by: 'v2' },
      colors: { blue: { version: 'v1', schemaRevision: 'r1' }, green: { version: 'v2', schemaRevision: 'r2' } },
      current: { phase: 'complete', migration: { before: 'r1', after: 'r2' } },
    })
    expect(second.main.summary).toMatch(/### Migration \(revision r1 → r2\)/)
    expect(second.main.summary).toContain('BG_SCHEMA_VERSION=r2')
    expect(second.main.stdout).toMatch(/\[migrate\] r1: upgrade -> r2/)
  }, 180_000)

  it('a migration that breaks the serving version (r3 renames a column v3 reads) is caught before any switch', async () => {
    expect((await deploy('v1')).main.errors).toEqual([])
    expect((await deploy('v3')).main.errors).toEqual([])
    const includeBefore = readFileSync(bg.include, 'utf8')
    const [fourth, load] = await underLoad(() => deploy('v4', { 'migrate-failure-command': `${migrate} --to r2` }))
    expect(fourth.main.exitCode).toBe(1)
    expect(fourth.main.errors.map((e) => e.message)).toContainEqual(
      expect.stringMatching(
        /^The migration for v4 broke v3, which is still serving on green: error-rate [\d.]+% > 1% over \d+ requests \(HTTP 503: \d+\).*migrate-failure-command ran \(exit 0\)\. v4 was never started; check v3 now$/s,
      ),
    )
    expect(fourth.main.outputs).toMatchObject({ phase: 'failed', 'active-color': 'green', version: 'v3' })
    expect(fourth.main.summary).toMatch(
      /\[!CAUTION\]\n> Traffic is on a version that is now failing: v3 on green takes all the traffic/,
    )
    // Nothing switched, v4 never started (blue still runs v1, kept for rollback), the downgrade mended v3.
    expect(readFileSync(bg.include, 'utf8')).toBe(includeBefore)
    expect(await bg.colorVersion('blue')).toBe('v1')
    expect(revision()).toBe('r2')
    expect(await bg.publicVersion()).toBe('v3')
    // The users saw the break (that is what the compat window measures), and only as 503s of v3.
    expect(Object.keys(load.total.failuresByCause)).toEqual(['HTTP 503'])
  }, 240_000)

  it.each([
    [
      'exits non-zero',
      `echo "upgrading to r9"; echo "psycopg2.errors.DuplicateColumn" >&2; exit 3`,
      {},
      /migrate-command exited 3/,
    ],
    [
      'runs past migrate-timeout',
      'echo started; sleep 30',
      { 'migrate-timeout': '1s' },
      /did not finish within migrate-timeout \(1s\)/,
    ],
  ])(
    'a migration that %s changes nothing: one error with its last lines, the lock released',
    async (_, command, extra, why) => {
      expect((await deploy('v1')).main.exitCode).toBe(0)
      const includeBefore = readFileSync(bg.include, 'utf8')
      const { main } = await deploy('v2', { 'migrate-command': command, ...extra })
      expect(main.exitCode).toBe(1)
      expect(main.errors).toHaveLength(1)
      expect(main.errors[0]?.message).toMatch(why)
      expect(main.errors[0]?.message).toMatch(
        /Traffic is unchanged on blue \(v1\) and v2 was never started\. Its last output:\n/,
      )
      expect(main.errors[0]?.message).toContain(command.includes('r9') ? 'psycopg2.errors.DuplicateColumn' : 'started')
      expect(readFileSync(bg.include, 'utf8')).toBe(includeBefore)
      expect(await bg.colorVersion('green')).toBeUndefined()
      expect(existsSync(join(bg.stateDir, 'lock.json'))).toBe(false)
      expect(state().current).toMatchObject({ phase: 'failed' })
    },
    120_000,
  )

  it('a runner killed while migrating: the rerun takes the lock over, migrates again and converges', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const step = { GITHUB_RUN_ID: '6000', GITHUB_ACTION: 'deploy' }
    const killed = await deploy(
      'v2',
      { 'migrate-command': `sleep 3; ${migrate}` },
      {
        env: { ...step, GITHUB_RUN_ATTEMPT: '1' },
        processGroup: true,
        skipPost: true,
        onLine: (line, child) => {
          if (line.includes('▶ phase migrating') && child.pid) process.kill(-child.pid, 'SIGKILL')
        },
      },
    )
    expect(killed.main.signal).toBe('SIGKILL')
    expect(state().current).toMatchObject({ phase: 'migrating' })
    const rerun = await deploy('v2', {}, { env: { ...step, GITHUB_RUN_ATTEMPT: '2' } })
    expect(rerun.main.errors).toEqual([])
    expect(rerun.main.warnings.map((w) => w.message)).toContainEqual(
      'The run before stopped while migrating: the migration for v2 runs again (migration tools are idempotent at head; shipgate requires it)',
    )
    expect(rerun.main.outputs).toMatchObject({ 'active-color': 'green', version: 'v2', phase: 'complete' })
    expect(revision()).toBe('r2')
    expect(await bg.publicVersion()).toBe('v2')
  }, 180_000)

  it('rollback after a migration says v1 last ran on r1, verifies v1 on r2, and runs migrate-rollback-command only when given', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    expect((await deploy('v2')).main.exitCode).toBe(0)
    const rollback = (inputs: Record<string, string>) =>
      runAction('rollback', {
        inputs: {
          ...bg.inputsFor('rollback'),
          'health-path': '/health/db',
          'schema-version-command': `${migrate} --current`,
          when: 'always',
          reason: 'by hand',
          ...inputs,
        },
        env: bg.env,
        timeoutMs: 120_000,
      })
    const back = await rollback({})
    expect(back.main.errors).toEqual([])
    expect(back.main.outputs).toMatchObject({ 'rolled-back': 'true', 'restored-version': 'v1' })
    expect(back.main.summary).toContain(
      'v1 last ran on r1; the database is at r2; migrations are not undone. v1 is verified on the schema as it is now.',
    )
    expect(revision()).toBe('r2')
    expect(await bg.publicVersion()).toBe('v1')

    expect((await deploy('v2')).main.exitCode).toBe(0)
    const down = await rollback({ 'migrate-rollback-command': `${migrate} --to "$BG_TARGET_SCHEMA_VERSION"` })
    expect(down.main.errors).toEqual([])
    expect(down.main.stdout).toMatch(/\[migrate-rollback\] r2: downgrade r2 -> r1/)
    expect(down.main.summary).toContain('migrate-rollback-command ran: the database is at r1')
    expect(revision()).toBe('r1')
    expect(await bg.publicVersion()).toBe('v1')
  }, 240_000)

  it('dry-run lists the migration and the revision it starts from', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const { main } = await deploy('v2', { 'dry-run': 'true' })
    expect(main.exitCode).toBe(0)
    expect(main.stdout).toContain(
      'migrate the database for v2 from revision r1, the serving color watched through it and compat-window after',
    )
  }, 90_000)
})
