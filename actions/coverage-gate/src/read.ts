// Everything coverage-gate reads before it decides: the reports, the repository's file list
// (git lists it while the reports are read), the baseline and the change.
import { resolve } from 'node:path'
import { FileError, InputError, UserError, type Logger } from '@shipgate/core/action'
import type { Octokit, PullRequestContext, RepoContext } from '@shipgate/core/github'
import { workspacePath } from '@shipgate/core/report'
import { readBaseline, type StoredReport } from './baseline.js'
import { findChanges, type Changes } from './changed.js'
import { findReports } from './discover.js'
import type { Inputs } from './inputs.js'
import type { ParsedReport } from './model.js'
import { indexRepository, type RepoIndex } from './paths.js'
import { parseReport } from './parse.js'

/** Where this run works and who it may ask: read from the runner once. */
export interface RunContext {
  cwd: string
  workspace: string | undefined
  repo: RepoContext | undefined
  pr: PullRequestContext | undefined
  octokit: (() => Promise<Octokit>) | undefined
  log: Logger
}

async function parseAll(inputs: Inputs, { cwd, log }: RunContext): Promise<ParsedReport[]> {
  const files = findReports(inputs.reports, cwd)
  if (files.length === 0) {
    throw new InputError(
      'reports',
      (inputs.reports ?? []).join(', '),
      `globs that match coverage reports under ${cwd} (none matched${inputs.reports ? '' : ' the usual report names'})`,
    )
  }
  if (inputs.expectedReports !== undefined && files.length < inputs.expectedReports) {
    throw new UserError(
      `Found ${files.length} coverage reports, expected ${inputs.expectedReports} (one per matrix leg?): ${files.join(', ')}`,
    )
  }
  const reports: ParsedReport[] = []
  for (const file of files) {
    const parsed = await parseReport(file, inputs.format)
    const shown = workspacePath(file)
    if (parsed.files.length === 0)
      throw new FileError(shown, `has no source files in it: expected a ${parsed.format} report with coverage data`)
    for (const warning of parsed.warnings ?? []) log.warning(`${shown}: ${warning}`)
    log.info(`${shown}: ${parsed.format}, ${parsed.files.length} files`)
    reports.push({ ...parsed, file: shown })
  }
  return reports
}

export interface Read {
  reports: ParsedReport[]
  repo: RepoIndex
  baseline: StoredReport | undefined
}

export async function readReports(inputs: Inputs, context: RunContext): Promise<Read> {
  const carried = inputs.carryforward?.all ? 'all' : [...(inputs.carryforward?.names ?? [])].join(', ')
  const baseline = inputs.baseline
    ? readBaseline(resolve(context.cwd, inputs.baseline), inputs.carryforward ? carried : undefined)
    : undefined
  // A missing checkout is still the first thing said, as it is the first thing to fix.
  const listing = indexRepository(context.cwd)
  listing.catch(() => undefined)
  const reports = await parseAll(inputs, context).catch(async (error: unknown) => {
    await listing
    throw error
  })
  return { reports, repo: await listing, baseline }
}

/** The lines this change added or modified, when a rule or the annotations need them. */
export async function readChanges(inputs: Inputs, root: string, context: RunContext): Promise<Changes | undefined> {
  const needed =
    inputs.minPatchPct !== undefined || inputs.annotate === 'changed-lines' || inputs.baseline !== undefined
  const base = inputs.baseRef ?? context.pr?.baseSha
  if (!needed || !base) return undefined
  const { pr, repo, octokit, log } = context
  const api = pr && repo && octokit ? { octokit, owner: repo.owner, repo: repo.repo, pullNumber: pr.number } : undefined
  return findChanges({ cwd: root, base, head: pr?.headSha || 'HEAD', api, log })
}
