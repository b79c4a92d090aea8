// Reads ignore-file and a repository-kept baseline as they are at the change's base commit: git
// first (fetching the base into a shallow clone), else the contents API at the base commit.
import type { Logger } from '@shipgate/core/action'
import {
  describeApiError,
  fileAtCommit,
  git,
  readRepoContext,
  type FileAtCommit,
  type Octokit,
} from '@shipgate/core/github'
import { baselineFingerprints } from '../baseline.js'
import { parseExceptions, type Exception } from './ignore.js'
import type { Inputs } from '../inputs.js'
import { changedExceptions, type PrChanges } from './pr-exceptions.js'

type LazyOctokit = (() => Promise<Octokit>) | undefined

async function fromApi(path: string, sha: string, client: () => Promise<Octokit>): Promise<FileAtCommit> {
  try {
    const { owner, repo } = readRepoContext()
    const octokit = await client()
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref: sha })
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
      return { state: 'unreadable', reason: `${path} at ${sha} is not a file` }
    }
    return { state: 'found', text: Buffer.from(data.content, 'base64').toString('utf8') }
  } catch (error) {
    const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined
    if (status === 404) return { state: 'absent' }
    return { state: 'unreadable', reason: `the contents API answered ${describeApiError(error)}` }
  }
}

async function atBase(workspace: string, path: string, sha: string, octokit: LazyOctokit): Promise<FileAtCommit> {
  const local = await fileAtCommit(workspace, sha, path)
  if (local.state !== 'unreadable' || !octokit) return local
  const remote = await fromApi(path.replace(/^\.\//, ''), sha, octokit)
  return remote.state === 'unreadable' ? { state: 'unreadable', reason: `${local.reason}; ${remote.reason}` } : remote
}

function fingerprintsOf(text: string): Set<string> | undefined {
  try {
    return baselineFingerprints(JSON.parse(text))
  } catch {
    return undefined
  }
}

/**
 * What the pull request changed about its own waivers. A base file that cannot be read is one
 * warning, and the pull request's files are used as they are (the gate then behaves as on a push).
 */
export async function readPrChanges(
  inputs: Pick<Inputs, 'ignoreFile' | 'baseline' | 'prExceptions'>,
  workspace: string,
  base: string,
  head: { exceptions: readonly Exception[]; baseline: ReadonlySet<string> },
  octokit: LazyOctokit,
  log: Logger,
): Promise<PrChanges> {
  let exceptions: PrChanges['exceptions'] = new Map()
  const added = new Set<string>()
  const unreadable = (input: string, path: string, reason: string) =>
    log.warning(
      `Could not read ${input} ${path} as it is at the base commit ${base} (${reason}): what this pull request adds to it cannot be told apart, so it is used as the pull request has it`,
    )
  if (inputs.ignoreFile) {
    const file = await atBase(workspace, inputs.ignoreFile, base, octokit)
    if (file.state === 'unreadable') unreadable('ignore-file', inputs.ignoreFile, file.reason)
    else {
      try {
        const before = file.state === 'absent' ? [] : parseExceptions(file.text, `${inputs.ignoreFile} at ${base}`)
        exceptions = changedExceptions(head.exceptions, before)
      } catch (error) {
        unreadable('ignore-file', inputs.ignoreFile, error instanceof Error ? error.message : String(error))
      }
    }
  }
  // Only a baseline kept in the repository can be changed by the pull request itself.
  if (inputs.baseline && (await git(workspace, 'ls-files', '--error-unmatch', '--', inputs.baseline)) !== undefined) {
    const file = await atBase(workspace, inputs.baseline, base, octokit)
    const before =
      file.state === 'found' ? fingerprintsOf(file.text) : file.state === 'absent' ? new Set<string>() : undefined
    if (before === undefined) {
      unreadable('baseline', inputs.baseline, file.state === 'unreadable' ? file.reason : 'not a security-gate report')
    } else {
      for (const fingerprint of head.baseline) if (!before.has(fingerprint)) added.add(fingerprint)
    }
  }
  return { mode: inputs.prExceptions, base, exceptions, baseline: added }
}
