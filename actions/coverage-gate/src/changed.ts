// Finds the lines a pull request added or modified: a local `git diff` from the merge base of the
// base commit to the PR's head, deepening a shallow clone as needed; else the pull request files API.
import type { Logger } from '@shipgate/core/action'
import type { Octokit } from '@shipgate/core/github'
import { describeApiError } from '@shipgate/core/github'
import { emptyDiff, parseUnifiedDiff, type Diff } from './diff.js'
import { git } from '@shipgate/core/github'

const DEEPEN_STEPS = [50, 200, 1000]

async function mergeBase(cwd: string, base: string, head: string, log: Logger): Promise<string | undefined> {
  const direct = await git(cwd, 'merge-base', base, head)
  if (direct) return direct
  // actions/checkout fetches one commit by default: deepen until the histories meet.
  for (const depth of DEEPEN_STEPS) {
    if (
      (await git(cwd, 'rev-parse', '--is-shallow-repository')) !== 'true' &&
      (await git(cwd, 'cat-file', '-e', `${base}^{commit}`)) !== undefined
    )
      break
    log.info(`Deepening the clone by ${depth} commits to find the merge base of ${base} and ${head}`)
    await git(cwd, 'fetch', '--no-tags', `--deepen=${depth}`, 'origin', base, head)
    const found = await git(cwd, 'merge-base', base, head)
    if (found) return found
  }
  return undefined
}

export interface ChangeSource {
  cwd: string
  base: string
  head: string
  log: Logger
  /** The pull request files API, the fallback; its client is made only if git cannot answer. */
  api?: { octokit: () => Promise<Octokit>; owner: string; repo: string; pullNumber: number }
}

export type Changes =
  { found: true; diff: Diff; from: 'git' | 'api'; base: string } | { found: false; unavailable: string }

export async function findChanges(source: ChangeSource): Promise<Changes> {
  const base = await mergeBase(source.cwd, source.base, source.head, source.log)
  if (base) {
    const text = await git(source.cwd, 'diff', '--no-color', '--no-ext-diff', '--unified=0', '-M', base, source.head)
    if (text !== undefined) return { found: true, diff: parseUnifiedDiff(text), from: 'git', base }
  }
  if (source.api) {
    try {
      const { owner, repo, pullNumber } = source.api
      const octokit = await source.api.octokit()
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: pullNumber,
        per_page: 100,
      })
      const diff = emptyDiff()
      for (const file of files) if (file.patch) parseUnifiedDiff(file.patch, diff, file.filename)
      return { found: true, diff, from: 'api', base: source.base }
    } catch (error) {
      return {
        found: false,
        unavailable: `neither git (no merge base of ${source.base} and ${source.head}) nor the pull request files API (${describeApiError(error)}) gave the changed lines`,
      }
    }
  }
  return { found: false, unavailable: `no merge base of ${source.base} and ${source.head} in the local clone` }
}
