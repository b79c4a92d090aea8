// A migration run as a Kubernetes Job (kubernetes-migration-job): created under a name of its
// own for this run, with {version} in its images; waited on until the Job controller says
// Complete or Failed (backoffLimit and activeDeadlineSeconds are the controller's to enforce);
// its pods' logs read into the step's log; kept for inspection, older ones cleaned up.
import { randomBytes } from 'node:crypto'
import type { Logger } from '../../../action/logger.js'
import { revisionIn } from '../../revision.js'
import type { MigrationResult } from '../../model.js'
import type { KubernetesSettings } from './inputs.js'
import type { Kubectl } from './kubectl.js'
import type { JobManifest } from './migration-manifest.js'

interface JobStatus {
  metadata: { name: string; creationTimestamp?: string }
  status?: {
    active?: number
    failed?: number
    succeeded?: number
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>
  }
}

interface PodRef {
  metadata: { name: string; creationTimestamp?: string }
}

const POLL_MS = 1000
/** shipgate's migration Jobs of one Service kept for inspection, this run's included. */
const KEPT_JOBS = 3
const TAIL_LINES = 20
const MIGRATION_LABEL = 'shipgate.dev/migration-of'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** `{base}-{8 hex}`: a DNS-1123 name of this run's own (a rerun after a crash makes another), at most 63 characters. */
export function jobName(base: string): string {
  return `${base.slice(0, 54).replace(/-+$/, '')}-${randomBytes(4).toString('hex')}`
}

/** The manifest as this run creates it: {version} in every image, its name, shipgate's labels. */
export function jobFor(manifest: JobManifest, name: string, version: string, service: string): Record<string, unknown> {
  const text = JSON.stringify(manifest.job).replaceAll('{version}', version)
  const job = JSON.parse(text) as Record<string, unknown> & { metadata: Record<string, unknown> }
  const labels = typeof job.metadata.labels === 'object' && job.metadata.labels !== null ? job.metadata.labels : {}
  job.metadata = {
    ...job.metadata,
    name,
    labels: {
      ...labels,
      'app.kubernetes.io/managed-by': 'shipgate',
      [MIGRATION_LABEL]: service,
      'shipgate.dev/version': version.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63),
    },
  }
  return job
}

/** The Job's outcome from its conditions, as `kubectl wait --for=condition=complete` reads them. */
export function jobOutcome(job: JobStatus): { done: false } | { done: true; ok: boolean; why: string } {
  const condition = job.status?.conditions?.find(
    (entry) => (entry.type === 'Complete' || entry.type === 'Failed') && entry.status === 'True',
  )
  if (!condition) return { done: false }
  if (condition.type === 'Complete') return { done: true, ok: true, why: 'the Job completed' }
  return {
    done: true,
    ok: false,
    why: `the Job failed: ${condition.reason ?? 'Failed'}${condition.message ? ` (${condition.message})` : ''}, after ${job.status?.failed ?? 0} failed pod(s)`,
  }
}

export async function runMigrationJob(
  kubectl: Kubectl,
  settings: KubernetesSettings,
  manifest: JobManifest,
  options: { version: string; timeoutMs: number },
  log: Logger,
): Promise<MigrationResult> {
  const name = jobName(manifest.job.metadata.name)
  const ref = `Job ${kubectl.namespace()}/${name}`
  await kubectl.run(
    `create the migration ${ref}`,
    ['create', '--validate=false', '-f', '-', '-o', 'name'],
    JSON.stringify(jobFor(manifest, name, options.version, settings.service)),
  )
  log.info(`${ref} created from ${manifest.file}`)
  const start = performance.now()
  let outcome: ReturnType<typeof jobOutcome> = { done: false }
  let last = ''
  while (!outcome.done && performance.now() - start < options.timeoutMs) {
    await sleep(POLL_MS)
    const job = await kubectl.getJson<JobStatus>(`read ${ref}`, 'job', name)
    outcome = jobOutcome(job)
    const progress = `active ${job.status?.active ?? 0}, failed ${job.status?.failed ?? 0}`
    if (progress !== last) log.info(`  ${ref}: ${progress}`)
    last = progress
  }
  const lines = await podLogs(kubectl, name, log)
  await cleanUp(kubectl, settings.service, name, log)
  const tail = lines.slice(-TAIL_LINES).join('\n')
  if (!outcome.done) {
    return {
      ok: false,
      why: `${ref} did not finish within migrate-timeout (${options.timeoutMs / 1000}s); it is left as it is for inspection`,
      tail,
      revision: revisionIn(lines),
    }
  }
  return { ok: outcome.ok, why: `${ref}: ${outcome.why}`, tail, revision: revisionIn(lines) }
}

/** Every pod's log, oldest pod first, each line into the step's log. */
async function podLogs(kubectl: Kubectl, job: string, log: Logger): Promise<string[]> {
  const pods = await kubectl.listJson<PodRef>(`list the pods of Job ${job}`, 'pods', `job-name=${job}`)
  pods.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''))
  const lines: string[] = []
  for (const pod of pods) {
    const text = await kubectl
      .run(`read the log of pod ${pod.metadata.name}`, ['logs', pod.metadata.name, '--tail=500'])
      .catch((error: unknown) => `(no log: ${error instanceof Error ? error.message : String(error)})`)
    for (const line of text.split('\n').filter(Boolean)) {
      log.info(`[migrate ${pod.metadata.name}] ${line}`)
      lines.push(line)
    }
  }
  return lines
}

/** Older shipgate migration Jobs of this Service go (their pods with them); the newest stay. */
async function cleanUp(kubectl: Kubectl, service: string, current: string, log: Logger): Promise<void> {
  try {
    const jobs = await kubectl.listJson<JobStatus>(
      'list the migration Jobs',
      'jobs',
      `app.kubernetes.io/managed-by=shipgate,${MIGRATION_LABEL}=${service}`,
    )
    const old = jobs
      .filter((job) => job.metadata.name !== current)
      .sort((a, b) =>
        `${b.metadata.creationTimestamp ?? ''}${b.metadata.name}`.localeCompare(
          `${a.metadata.creationTimestamp ?? ''}${a.metadata.name}`,
        ),
      )
      .slice(KEPT_JOBS - 1)
    for (const job of old) {
      await kubectl.run(`delete the old migration Job ${job.metadata.name}`, [
        'delete',
        'job',
        job.metadata.name,
        '--cascade=background',
        '--wait=false',
      ])
    }
  } catch (error) {
    log.warning(`Could not clean up old migration Jobs: ${error instanceof Error ? error.message : String(error)}`)
  }
}
