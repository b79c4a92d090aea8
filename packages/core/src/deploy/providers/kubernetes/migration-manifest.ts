// The Job manifest of a Kubernetes migration (kubernetes-migration-job), read and checked before
// anything runs: one batch/v1 Job whose images carry {version}.
import { existsSync, readFileSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'
import { InputError } from '../../../action/errors.js'

export interface JobManifest {
  file: string
  /** The Job as written, {version} still in its images. */
  job: Record<string, unknown> & { metadata: { name: string } }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const containersOf = (job: Record<string, unknown>): unknown[] => {
  const spec = isObject(job.spec) ? job.spec : {}
  const template = isObject(spec.template) ? spec.template : {}
  const podSpec = isObject(template.spec) ? template.spec : {}
  return [podSpec.initContainers, podSpec.containers].flatMap((list) =>
    Array.isArray(list) ? (list as unknown[]) : [],
  )
}

/** The manifest's one Job, or why it is not one; pure. */
export function parseJobManifest(text: string): { job: JobManifest['job'] } | { problem: string } {
  const documents = parseAllDocuments(text)
  const broken = documents.find((document) => document.errors.length > 0)
  if (broken) return { problem: `is not valid YAML: ${broken.errors[0]?.message.split('\n')[0] ?? 'parse error'}` }
  const objects = documents.map((document) => document.toJS() as unknown).filter((value) => value !== null)
  if (objects.length !== 1) return { problem: `holds ${objects.length} documents: expected one Job` }
  const job = objects[0]
  if (!isObject(job) || job.kind !== 'Job' || job.apiVersion !== 'batch/v1') {
    const kind = isObject(job) ? `${String(job.apiVersion)} ${String(job.kind)}` : typeof job
    return { problem: `is a ${kind}, not a batch/v1 Job` }
  }
  const metadata = isObject(job.metadata) ? job.metadata : {}
  if (typeof metadata.name !== 'string' || metadata.name === '') return { problem: 'has no metadata.name' }
  const containers = containersOf(job)
  if (containers.length === 0) return { problem: 'has no containers in spec.template.spec' }
  const images = containers.map((container) => (isObject(container) ? container.image : undefined))
  if (images.some((image) => typeof image !== 'string' || image === ''))
    return { problem: 'has a container without an image' }
  if (!images.some((image) => String(image).includes('{version}'))) {
    return {
      problem: `names no {version} in its images (${images.join(', ')}): each deploy would migrate with the same image`,
    }
  }
  return { job: { ...job, metadata: { ...metadata, name: metadata.name } } }
}

export function readJobManifest(file: string): JobManifest {
  if (!existsSync(file)) {
    throw new InputError('kubernetes-migration-job', file, 'the path of a Job manifest (YAML) that exists')
  }
  const parsed = parseJobManifest(readFileSync(file, 'utf8'))
  if ('problem' in parsed) {
    throw new InputError(
      'kubernetes-migration-job',
      file,
      `a batch/v1 Job manifest with {version} in its image; the file ${parsed.problem}`,
    )
  }
  return { file, job: parsed.job }
}
