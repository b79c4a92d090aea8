import type { Logger } from '../action/logger.js'
import type { Octokit } from '../github/octokit.js'
import { describeApiError } from '../github/errors.js'

/** GitHub rejects an issue comment body over 65,536 characters. */
export const COMMENT_LIMIT_CHARS = 65_536

export type CommentMode = 'auto' | 'new'

export interface CommentTarget {
  owner: string
  repo: string
  issueNumber: number
}

export type CommentResult =
  { status: 'created' | 'updated'; id: number; url: string } | { status: 'failed'; reason: string }

/**
 * The hidden marker that finds this action's earlier comment. It names the workflow and job too,
 * so two workflows (or two jobs) using the same action each keep their own comment.
 */
export function commentMarker(action: string): string {
  const place = [process.env.GITHUB_WORKFLOW, process.env.GITHUB_JOB].filter(Boolean).join('/').replace(/--/g, '-')
  return `<!-- shipgate:${action}${place ? `:${place}` : ''} -->`
}

const CUT_NOTE =
  "\n\n> [!NOTE]\n> This comment was cut at GitHub's 65,536-character limit; the job summary and `report-json` have everything.\n"

/** Keeps whole lines up to the cap; the marker stays first so the next run finds the comment. */
export function fitComment(body: string, limit = COMMENT_LIMIT_CHARS): string {
  if (body.length <= limit) return body
  const cut = body.lastIndexOf('\n', limit - CUT_NOTE.length)
  return `${body.slice(0, Math.max(0, cut))}${CUT_NOTE}`
}

/** Who wrote a comment, as the comments API lists it. */
interface Author {
  login: string
  type: string
}

/**
 * Which comments this token may treat as its own. A personal or app-user token reads its login
 * from `GET /user`; the workflow's GITHUB_TOKEN (an installation token) cannot, and its comments
 * are written by a bot account (`github-actions[bot]`, or the app's own bot for an app token), so
 * then only bot comments count. Either way a person's comment is never one of ours: a token with
 * write access could edit it, and the marker alone does not prove who wrote it.
 */
async function ownAuthor(octokit: Octokit): Promise<(author: Author | null | undefined) => boolean> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    return (author) => author?.login === data.login
  } catch {
    return (author) => author?.type === 'Bot'
  }
}

async function findComment(octokit: Octokit, target: CommentTarget, marker: string): Promise<number | undefined> {
  const marked: Array<{ id: number; user: Author | null | undefined }> = []
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  })
  for await (const page of pages) {
    for (const comment of page.data) {
      if (comment.body?.includes(marker)) marked.push({ id: comment.id, user: comment.user })
    }
  }
  if (marked.length === 0) return undefined
  const isOwn = await ownAuthor(octokit)
  // The latest one wins: a user may have quoted an old comment, marker and all, earlier on.
  return marked.findLast((comment) => isOwn(comment.user))?.id
}

/**
 * Creates or updates (mode `auto`) the one comment this action keeps on a pull request, or adds a
 * new one each run (mode `new`). Never throws: a failure (a fork PR's read-only token, an outage)
 * is a warning and the caller's verdict stands.
 */
export async function postStickyComment(
  octokit: Octokit,
  target: CommentTarget,
  marker: string,
  markdown: string,
  mode: CommentMode,
  log: Logger,
): Promise<CommentResult> {
  const body = fitComment(`${marker}\n${markdown}`)
  try {
    const existing = mode === 'auto' ? await findComment(octokit, target, marker) : undefined
    if (existing !== undefined) {
      const { data } = await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing,
        body,
      })
      return { status: 'updated', id: data.id, url: data.html_url }
    }
    const { data } = await octokit.rest.issues.createComment({
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      body,
    })
    return { status: 'created', id: data.id, url: data.html_url }
  } catch (error) {
    const reason = describeApiError(error)
    log.warning(`Could not post the pull request comment: ${reason}. The verdict is unchanged.`)
    return { status: 'failed', reason }
  }
}
