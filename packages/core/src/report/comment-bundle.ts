// Pull requests from forks get a read-only token, so their gates cannot comment. Each gate writes
// the comment it would post to a small bundle; a `workflow_run` workflow (which has a write token)
// posts it. The bundle comes from an untrusted run: nothing in it chooses where the comment goes,
// and its body is treated as any report text.
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { FileError, InputError, UserError } from '../action/errors.js'
import { inputReader, oneOf, runnerInput, text, type GetInput } from '../action/inputs.js'
import { readJsonObject } from '../action/json-file.js'
import type { Logger } from '../action/logger.js'
import { createOctokit, type Octokit } from '../github/octokit.js'
import { readPullRequest, readRepoContext, readWorkflowRun } from '../github/context.js'
import {
  COMMENT_LIMIT_CHARS,
  commentMarker,
  fitComment,
  postStickyComment,
  type CommentMode,
  type CommentResult,
} from './comment.js'
import { escapeHtml } from '../text/escape.js'
import { writeSummary } from './summary.js'

const KIND = 'shipgate/comment'

export interface CommentBundle {
  kind: typeof KIND
  version: 1
  action: string
  marker: string
  headSha: string
  /** The pull request as the gate's event stated it: shown, never used to choose where to post. */
  pullRequest: number
  body: string
}

/** Writes the comment this step would post next to its report-json; returns the path. */
export function writeCommentBundle(bundle: Omit<CommentBundle, 'kind' | 'version'>): string {
  const dir = join(process.env.RUNNER_TEMP || tmpdir(), 'shipgate')
  mkdirSync(dir, { recursive: true })
  const step = (process.env.GITHUB_ACTION || 'step').replace(/[^\w.-]/g, '_')
  const file = join(dir, `${bundle.action}-${step}-comment.json`)
  writeFileSync(file, `${JSON.stringify({ kind: KIND, version: 1, ...bundle })}\n`)
  return file
}

/** HTML a gate's own comment uses; any other tag is shown as text. */
const ALLOWED_TAG = /^<\/?(details|summary|br|pre|code|sub|sup|b|i|em|strong)\s*\/?>$/i

/**
 * Markdown from an untrusted run made safe to post: no HTML beyond the few tags a gate uses, no
 * hidden comments (no second marker), no @mentions that notify anyone.
 */
export function untrustedMarkdown(body: string): string {
  return body
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .replace(/<[^>]*>?/g, (tag) => (ALLOWED_TAG.test(tag) ? tag : escapeHtml(tag)))
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b')
}

/** The bundle at `file`, if it is one this action wrote: else one clear error naming the file. */
export function readCommentBundle(file: string, action: string): CommentBundle {
  const expected = `the comment-file output of a ${action} step`
  const document = readJsonObject(file, expected)
  if (document.kind !== KIND || document.version !== 1) {
    throw new FileError(file, `is not a comment bundle (no kind "${KIND}"): expected ${expected}`)
  }
  const { marker, headSha, body, pullRequest } = document
  const ownMarker = new RegExp(`^<!-- shipgate:${action}(:[\\w ./-]{1,200})? -->$`)
  if (typeof marker !== 'string' || !ownMarker.test(marker)) {
    throw new FileError(file, `has a marker that is not ${action}'s own: expected ${expected}`)
  }
  if (typeof headSha !== 'string' || !/^[0-9a-f]{40}$/.test(headSha)) {
    throw new FileError(file, `has no 40-hex headSha: expected ${expected}`)
  }
  if (typeof body !== 'string') throw new FileError(file, `has no body: expected ${expected}`)
  if (body.length > COMMENT_LIMIT_CHARS - marker.length - 1) {
    throw new FileError(
      file,
      `has a body of ${body.length} characters, over GitHub's ${COMMENT_LIMIT_CHARS}: expected ${expected}`,
    )
  }
  return { kind: KIND, version: 1, action, marker, headSha, body, pullRequest: Number(pullRequest) }
}

/**
 * Posts a bundle as this action's sticky comment on the pull request of the trusted
 * `workflow_run` event: its `pull_requests`, else the open pull request whose head is the run's
 * head commit. A bundle for another commit is refused.
 */
export async function postCommentBundle(
  octokit: Octokit,
  file: string,
  action: string,
  mode: CommentMode,
  log: Logger,
): Promise<CommentResult & { pullRequest: number }> {
  const bundle = readCommentBundle(file, action)
  const run = readWorkflowRun()
  if (!run) {
    throw new UserError(
      'post-comment posts a comment bundle from a workflow triggered by workflow_run; this event has no workflow_run',
    )
  }
  if (bundle.headSha !== run.headSha) {
    throw new FileError(
      file,
      `was made for commit ${bundle.headSha}, but the workflow run this event reports is for ${run.headSha}: refused`,
    )
  }
  const { owner, repo } = readRepoContext()
  let pullRequest = run.pullRequests[0]
  if (pullRequest === undefined && run.head) {
    const open = await octokit.paginate(octokit.rest.pulls.list, {
      owner,
      repo,
      state: 'open',
      head: run.head,
      per_page: 100,
    })
    pullRequest = open.find((pr) => pr.head.sha === run.headSha)?.number
  }
  if (pullRequest === undefined) {
    throw new UserError(`No open pull request has head commit ${run.headSha}: nothing to comment on`)
  }
  if (bundle.pullRequest !== pullRequest) {
    log.warning(
      `The bundle names pull request #${bundle.pullRequest}; the comment goes to #${pullRequest}, the pull request of the event`,
    )
  }
  const result = await postStickyComment(
    octokit,
    { owner, repo, issueNumber: pullRequest },
    bundle.marker,
    untrustedMarkdown(bundle.body),
    mode,
    log,
  )
  return { ...result, pullRequest }
}

export interface CommentOptions {
  mode: CommentMode | 'off'
  /** The run's Octokit; undefined without a token (the bundle is still written). */
  octokit: (() => Promise<Octokit>) | undefined
}

/**
 * A gate's comment on its pull request: always written to a bundle (the `comment-file` output),
 * posted unless comment is off or the pull request comes from a fork, whose token is read-only
 * (the bundle is then for a `workflow_run` workflow to post). Returns the bundle's path.
 */
export async function commentOnPullRequest(
  action: string,
  markdown: string,
  options: CommentOptions,
  log: Logger,
): Promise<string | undefined> {
  const pr = readPullRequest()
  if (!pr) return undefined
  const marker = commentMarker(action)
  const body = fitComment(markdown, COMMENT_LIMIT_CHARS - marker.length - 1)
  const file = writeCommentBundle({ action, marker, headSha: pr.headSha, pullRequest: pr.number, body })
  const octokit = options.octokit
  if (options.mode === 'off' || !octokit) return file
  if (pr.isFork) {
    log.info(
      `Pull request #${pr.number} comes from a fork: its token cannot comment. The comment is in comment-file (${file}) for a workflow_run workflow to post with post-comment.`,
    )
    return file
  }
  const { owner, repo } = readRepoContext()
  await postStickyComment(await octokit(), { owner, repo, issueNumber: pr.number }, marker, body, options.mode, log)
  return file
}

export interface PostCommentInputs {
  file: string
  mode: CommentMode
  token: string
}

/** The inputs of a gate's post-comment mode, or undefined when post-comment is empty. */
export function readPostCommentInputs(get: GetInput = runnerInput): PostCommentInputs | undefined {
  const { input, optionalInput, secretInput } = inputReader(get)
  const file = optionalInput('post-comment', text)
  if (file === undefined) return undefined
  const mode = input('comment', oneOf(['auto', 'new', 'off']))
  if (mode === 'off') throw new InputError('comment', mode, "'auto' or 'new', because post-comment is set")
  const token = secretInput('github-token')
  if (!token) throw new InputError('github-token', '', 'a token with pull-requests: write, because post-comment is set')
  return { file, mode, token }
}

/** A gate run with post-comment does only this: post the bundle, or fail saying why. */
export async function postCommentStep(action: string, inputs: PostCommentInputs, log: Logger): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()
  const result = await postCommentBundle(
    await createOctokit(inputs.token),
    resolve(workspace, inputs.file),
    action,
    inputs.mode,
    log,
  )
  if (result.status === 'failed')
    throw new UserError(`Could not post the comment on pull request #${result.pullRequest}: ${result.reason}`)
  log.info(`Posted ${action}'s comment on pull request #${result.pullRequest} (${result.status}): ${result.url}`)
  writeSummary(
    `## ${action}: comment posted\n\nThe comment of the run for commit ${readWorkflowRun()?.headSha ?? ''} is on pull request #${result.pullRequest}: ${result.url}\n`,
  )
}
