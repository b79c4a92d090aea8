// A database migration as a Kubernetes Job (kubernetes-migration-job), through the committed
// bundle and the machine's real kubectl against the API simulation, whose Job controller runs
// each pod's command for real (examples/service/src/migrate.ts on a real SQLite file shared with
// both colors' pods) and keeps backoffLimit and activeDeadlineSeconds; under the documented Role.
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { parse, stringify } from 'yaml'
import { repoRoot } from '../tools/lib/action-yml.js'
import { startCluster, type Cluster } from './harness/kube-cluster.js'
import { deploy, documentedRole, selector, state, writes } from './harness/kube-deploy.js'
import { underLoad } from './harness/load.js'

let cluster: Cluster | undefined
afterEach(async () => {
  await cluster?.close()
  cluster = undefined
})

const dir = mkdtempSync(join(tmpdir(), 'shipgate-kube-migrate-'))
let database = ''

/** Every image of the simulated registry gets a fresh shared database, as a volume would give it. */
async function clusterWithDatabase(): Promise<Cluster> {
  database = join(mkdtempSync(join(dir, 'db-')), 'app.db')
  const images = Object.fromEntries(['v1', 'v2', 'v3'].map((version) => [`example:${version}`, { DB_PATH: database }]))
  cluster = await startCluster({ minor: 33, images })
  cluster.seed()
  cluster.api.restrictTo(documentedRole())
  return cluster
}

/**
 * examples/k8s/migration-job.yaml as shipped, or with its container changed, written to a file.
 * Its volume is kind's: here the registry's images carry DB_PATH instead.
 */
function manifest(change: (job: Record<string, unknown>) => void = () => undefined): string {
  const job = parse(readFileSync(join(repoRoot, 'examples', 'k8s', 'migration-job.yaml'), 'utf8')) as Record<
    string,
    unknown
  >
  const migrate = container(job)
  if (migrate) delete migrate.env
  change(job)
  const file = join(mkdtempSync(join(dir, 'job-')), 'job.yaml')
  writeFileSync(file, stringify(job))
  return file
}
type JobShape = {
  spec: {
    backoffLimit?: number
    activeDeadlineSeconds?: number
    template: { spec: { containers: Array<{ command: string[]; env?: unknown }> } }
  }
}
const container = (job: Record<string, unknown>) => (job as unknown as JobShape).spec.template.spec.containers[0]
const jobSpec = (job: Record<string, unknown>) => (job as unknown as JobShape).spec

const revision = () => {
  const db = new DatabaseSync(database)
  try {
    return (db.prepare('SELECT revision FROM schema_version').get() as { revision: string }).revision
  } finally {
    db.close()
  }
}
const jobs = (c: Cluster) => c.api.list('jobs', 'default').map((job) => job.metadata.name)

describe('blue-green-deploy on Kubernetes with a migration Job', () => {
  it('runs the Job to Complete before the new color starts, with its pod logs and the revision recorded, 0 failed requests', async () => {
    const c = await clusterWithDatabase()
    const job = { 'kubernetes-migration-job': manifest(), 'compat-window': '2s' }
    const first = await deploy(c, 'v1', job)
    expect(first.main.errors).toEqual([])
    expect(revision()).toBe('r1')
    const [second, load] = await underLoad(`${c.nginx.url}/health`, 100, () => deploy(c, 'v2', job))
    expect(second.main.errors).toEqual([])
    expect(second.main.outputs).toMatchObject({ 'active-color': 'green', version: 'v2', phase: 'complete' })
    expect(load.total.failuresByCause).toEqual({})
    expect(revision()).toBe('r2')
    expect(state(c)).toMatchObject({
      database: { revision: 'r2' },
      current: { migration: { before: 'r1', after: 'r2' } },
    })
    expect(second.main.stdout).toMatch(/Job default\/example-migrate-[0-9a-f]{8} created from /)
    expect(second.main.stdout).toMatch(/\[migrate example-migrate-[0-9a-f]{8}-\w+\] r1: upgrade -> r2/)
    // Each run's Job is kept, under a name of its own.
    expect(jobs(c)).toHaveLength(2)
    expect(new Set(jobs(c)).size).toBe(2)
  }, 240_000)

  it('a Job that fails past its backoffLimit, or runs past its activeDeadlineSeconds, changes nothing; older Jobs are cleaned up', async () => {
    const c = await clusterWithDatabase()
    expect(
      (await deploy(c, 'v1', { 'kubernetes-migration-job': manifest(), 'compat-window': '1s' })).main.errors,
    ).toEqual([])
    const before = writes(c).filter((r) => r.resource === 'services' || r.resource.startsWith('deployments')).length

    const failing = manifest((job) => {
      const migrate = container(job)
      if (migrate) migrate.command = ['sh', '-c', 'echo "duplicate column name: note" >&2; exit 1']
      jobSpec(job).backoffLimit = 1
    })
    const failed = await deploy(c, 'v2', { 'kubernetes-migration-job': failing, 'compat-window': '1s' })
    expect(failed.main.exitCode).toBe(1)
    expect(failed.main.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^The migration for v2 failed: Job default\/example-migrate-[0-9a-f]{8}: the Job failed: BackoffLimitExceeded \(Job has reached the specified backoff limit\), after 2 failed pod\(s\);.*Traffic is unchanged on blue \(v1\) and v2 was never started\. Its last output:\n.*duplicate column name: note/s,
      ),
    ])

    const hanging = manifest((job) => {
      const migrate = container(job)
      if (migrate) migrate.command = ['sh', '-c', 'echo migrating; sleep 60']
      jobSpec(job).activeDeadlineSeconds = 2
    })
    const late = await deploy(c, 'v2', { 'kubernetes-migration-job': hanging, 'compat-window': '1s' })
    expect(late.main.errors[0]?.message).toMatch(
      /the Job failed: DeadlineExceeded \(Job was active longer than specified deadline\)/,
    )

    // Neither touched the Service or the Deployments; green was never started.
    expect(writes(c).filter((r) => r.resource === 'services' || r.resource.startsWith('deployments')).length).toBe(
      before,
    )
    expect(selector(c)).toMatchObject({ color: 'blue' })
    expect((c.api.get('deployments', 'default', 'app-green')?.spec as { replicas: number }).replicas).toBe(0)
    expect(revision()).toBe('r1')

    expect(
      (await deploy(c, 'v2', { 'kubernetes-migration-job': manifest(), 'compat-window': '1s' })).main.errors,
    ).toEqual([])
    expect(revision()).toBe('r2')
    // Four runs, four Jobs: the oldest went, the newest three stay for inspection.
    expect(jobs(c)).toHaveLength(3)
  }, 240_000)

  it.each([
    ['a file that does not exist', () => join(dir, 'nope.yaml'), /a Job manifest \(YAML\) that exists/],
    [
      'a manifest that is not a Job',
      () => write('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n'),
      /is a v1 ConfigMap, not a batch\/v1 Job/,
    ],
    ['YAML that does not parse', () => write('kind: Job\n  spec: [\n'), /is not valid YAML/],
    [
      'a Job whose image has no {version}',
      () =>
        manifest((job) => void (container(job) && Object.assign(container(job) ?? {}, { image: 'example:latest' }))),
      /names no \{version\} in its images \(example:latest\)/,
    ],
  ])(
    'bad input: %s is one error naming kubernetes-migration-job, before anything runs',
    async (_, file, why) => {
      const c = await clusterWithDatabase()
      const run = await deploy(c, 'v1', { 'kubernetes-migration-job': file() })
      expect(run.main.exitCode).toBe(1)
      expect(run.main.errors).toHaveLength(1)
      expect(run.main.errors[0]?.message).toMatch(
        /^Input 'kubernetes-migration-job' is '.*': expected a batch\/v1 Job manifest|^Input 'kubernetes-migration-job'/,
      )
      expect(run.main.errors[0]?.message).toMatch(why)
      expect(writes(c)).toEqual([])
    },
    60_000,
  )
})

function write(text: string): string {
  const file = join(mkdtempSync(join(dir, 'bad-')), 'job.yaml')
  writeFileSync(file, text)
  return file
}
