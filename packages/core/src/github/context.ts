import { existsSync } from 'node:fs'
import { UserError } from '../action/errors.js'
import { readJsonObject } from '../action/json-file.js'

export interface RepoContext {
  owner: string
  repo: string
  serverUrl: string
  runId: string
  /** The run's page, where the log is. */
  runUrl: string
  /** The commit the workflow runs on: for a pull_request event, the merge commit. */
  sha: string
  eventName: string
}

export interface PullRequestContext {
  number: number
  /** The PR's own head commit, not the merge commit GitHub checks out. */
  headSha: string
  baseSha: string
  baseRef: string
  /** A fork's PR gets a read-only token: comments and statuses will fail. */
  isFork: boolean
}

export function readRepoContext(): RepoContext {
  const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo) throw new UserError('GITHUB_REPOSITORY is not set: expected owner/name, as on a GitHub runner')
  const serverUrl = process.env.GITHUB_SERVER_URL || 'https://github.com'
  const runId = process.env.GITHUB_RUN_ID ?? ''
  const attempt = process.env.GITHUB_RUN_ATTEMPT
  return {
    owner,
    repo,
    serverUrl,
    runId,
    runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ''}`,
    sha: process.env.GITHUB_SHA ?? '',
    eventName: process.env.GITHUB_EVENT_NAME ?? '',
  }
}

/** The repository context on a runner; undefined where GITHUB_REPOSITORY is not set (a local run). */
export function repoContextIfAny(): RepoContext | undefined {
  return process.env.GITHUB_REPOSITORY ? readRepoContext() : undefined
}

interface PullRequestPayload {
  number?: unknown
  head?: { sha?: unknown; repo?: { full_name?: unknown } | null }
  base?: { sha?: unknown; ref?: unknown; repo?: { full_name?: unknown } | null }
}

function readEvent(): Record<string, unknown> {
  const file = process.env.GITHUB_EVENT_PATH
  if (!file || !existsSync(file)) return {}
  return readJsonObject(file, 'the event payload the runner writes (GITHUB_EVENT_PATH)')
}

const stringOr = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * The commit a change is judged against: the pull request's base (pull_request,
 * pull_request_target) or the merge queue entry's base (merge_group); undefined on push and the like.
 */
export function readChangeBase(): { sha: string; ref: string } | undefined {
  const pr = readPullRequest()
  if (pr?.baseSha) return { sha: pr.baseSha, ref: pr.baseRef }
  const group = readEvent().merge_group as { base_sha?: unknown; base_ref?: unknown } | undefined
  const sha = stringOr(group?.base_sha)
  return sha ? { sha, ref: stringOr(group?.base_ref) } : undefined
}

/** The run a `workflow_run` event reports on: the trusted source of where a comment goes. */
export interface WorkflowRunContext {
  headSha: string
  /** Same-repository pull requests only: GitHub leaves this empty for a fork's. */
  pullRequests: number[]
  /** `owner:branch` of the head, to find a fork's pull request. */
  head: string | undefined
}

export function readWorkflowRun(): WorkflowRunContext | undefined {
  const run = readEvent().workflow_run as
    | {
        head_sha?: unknown
        head_branch?: unknown
        head_repository?: { owner?: { login?: unknown } } | null
        pull_requests?: Array<{ number?: unknown }>
      }
    | undefined
  const headSha = stringOr(run?.head_sha)
  if (!run || !headSha) return undefined
  const owner = stringOr(run.head_repository?.owner?.login)
  const branch = stringOr(run.head_branch)
  return {
    headSha,
    pullRequests: (run.pull_requests ?? []).map((pr) => pr.number).filter((n): n is number => typeof n === 'number'),
    head: owner && branch ? `${owner}:${branch}` : undefined,
  }
}

/** The pull request this run belongs to, or undefined on push, schedule and the like. */
export function readPullRequest(): PullRequestContext | undefined {
  const pr = readEvent().pull_request as PullRequestPayload | undefined
  if (typeof pr !== 'object' || pr === null || typeof pr.number !== 'number') return undefined
  const headRepo = pr.head?.repo?.full_name
  const baseRepo = pr.base?.repo?.full_name
  return {
    number: pr.number,
    headSha: stringOr(pr.head?.sha),
    baseSha: stringOr(pr.base?.sha),
    baseRef: stringOr(pr.base?.ref),
    isFork: typeof headRepo === 'string' && typeof baseRepo === 'string' && headRepo !== baseRepo,
  }
}
