import { resolve } from 'node:path'
import { actionLog as log, endGate, FileError, InputError, setOutputs, UserError } from '@shipgate/core/action'
import {
  createOctokit,
  readPullRequest,
  readRepoContext,
  type Octokit,
  type PullRequestContext,
} from '@shipgate/core/github'
import {
  emitAnnotations,
  commentOnPullRequest,
  postCommentStep,
  readPostCommentInputs,
  writeReportJson,
  writeSummary,
  workspacePath,
  type Annotation,
} from '@shipgate/core/report'
import { baselinePct, readBaseline, type StoredReport } from './baseline.js'
import { findChanges, type Changes } from './changed.js'
import { findReports } from './discover.js'
import { chooseHeadline } from './headline.js'
import { readInputs, type Inputs } from './inputs.js'
import { countFile, mergeReports, sumCounts, type Merged } from './merge.js'
import type { ParsedReport } from './model.js'
import { normalize, indexRepository } from './paths.js'
import { parseReport } from './parse.js'
import { patchCoverage, toRanges, type PatchFile } from './patch.js'
import { evaluate, pct } from './rules.js'
import { renderSummary } from './summary.js'

async function parseAll(inputs: Inputs, cwd: string): Promise<ParsedReport[]> {
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

async function changes(
  inputs: Inputs,
  root: string,
  pr: PullRequestContext | undefined,
  octokit: (() => Promise<Octokit>) | undefined,
): Promise<Changes | undefined> {
  const base = inputs.baseRef ?? pr?.baseSha
  if (!base) return undefined
  const head = pr?.headSha || 'HEAD'
  const repo = process.env.GITHUB_REPOSITORY ? readRepoContext() : undefined
  const api = pr && repo && octokit ? { octokit, owner: repo.owner, repo: repo.repo, pullNumber: pr.number } : undefined
  return findChanges({ cwd: root, base, head, api, log })
}

function stored(merged: Merged): StoredReport {
  const files: StoredReport['files'] = {}
  for (const [path, file] of merged.files) {
    if (file.statements || (file.lines.size === 0 && file.summary)) {
      const counts = countFile(file)
      files[path] = { total: counts.linesTotal, coveredCount: counts.linesCovered }
    } else files[path] = { lines: file.lines.pack() }
  }
  return { kind: 'shipgate/coverage-report', version: 2, files }
}

function annotations(patchFiles: readonly PatchFile[]): Annotation[] {
  return patchFiles.flatMap((file) =>
    toRanges(file.uncovered).map(([start, end]): Annotation => ({
      level: 'warning',
      title: 'Not covered by tests',
      message:
        start === end
          ? `Changed line ${start} is not covered by tests`
          : `Changed lines ${start}-${end} are not covered by tests`,
      file: file.path,
      startLine: start,
      endLine: end,
      rank: end - start + 1,
    })),
  )
}

export async function run(): Promise<void> {
  const posting = readPostCommentInputs()
  if (posting) return postCommentStep('coverage-gate', posting, log)
  const inputs = readInputs()
  // Where a step's time goes, for users who turn on debug logging (and for our benchmarks).
  let phaseStart = performance.now()
  const phase = (name: string) => {
    const now = performance.now()
    log.debug(`${name}: ${Math.round(now - phaseStart)} ms`)
    phaseStart = now
  }
  const cwd = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), inputs.workingDirectory)
  const baseline = inputs.baseline ? readBaseline(resolve(cwd, inputs.baseline)) : undefined
  // git lists the repository while the reports are read; a missing checkout is still the first
  // thing said, as it is the first thing to fix.
  const listing = indexRepository(cwd)
  listing.catch(() => undefined)
  const reports = await parseAll(inputs, cwd).catch(async (error: unknown) => {
    await listing
    throw error
  })
  phase('reading the reports')
  const repo = await listing
  phase('listing the repository')
  const workspaces = [
    ...new Set([process.env.GITHUB_WORKSPACE, repo.root, cwd].filter((p): p is string => !!p).map(normalize)),
  ]
  const merged = mergeReports(reports, { repo, fixes: inputs.pathFixes, workspaces }, inputs.exclude)
  phase('merging')
  if (merged.files.size === 0) {
    throw new FileError(
      reports.map((report) => report.file).join(', '),
      `no report path matches a file of the repository (e.g. ${merged.unmatched[0]?.path ?? 'none'}): add path-fixes, or check working-directory`,
    )
  }
  for (const entry of merged.unmatched.slice(0, 5))
    log.warning(`${entry.path} (in ${entry.report}) matches no file in the repository; it is not counted`)
  const needChanges = inputs.minPatchPct !== undefined || inputs.annotate === 'changed-lines' || baseline !== undefined
  const pr = readPullRequest()
  // Octokit is loaded once, and only when the files API or the comment needs it.
  let client: Promise<Octokit> | undefined
  const token = inputs.githubToken
  const octokit = token ? () => (client ??= createOctokit(token)) : undefined
  const changed = needChanges ? await changes(inputs, repo.root, pr, octokit) : undefined
  const diff = changed?.found ? changed.diff : undefined
  const patchFiles = diff ? patchCoverage(diff, merged.files) : undefined
  const perFile = new Map([...merged.files].map(([path, file]) => [path, countFile(file)]))
  const fromLines = sumCounts(perFile.values())
  const headline = chooseHeadline(reports, merged, fromLines)
  const totals = headline.totals
  if (headline.why) log.info(`The headline is recomputed from line data: ${headline.why}`)
  const verdict = evaluate(
    {
      totals,
      lineDataPct: pct(fromLines.linesCovered, fromLines.linesTotal),
      patch: patchFiles
        ? {
            covered: patchFiles.reduce((sum, f) => sum + f.covered, 0),
            total: patchFiles.reduce((sum, f) => sum + f.total, 0),
          }
        : changed?.found === false
          ? changed
          : undefined,
      baselinePct: baseline ? baselinePct(baseline, (path) => repo.files.has(path), diff) : undefined,
      unmatched: {
        files: merged.unmatched.length,
        lines: merged.unmatched.reduce((sum, entry) => sum + entry.lines, 0),
        reportedLines: merged.reported.lines,
      },
    },
    inputs,
  )
  setOutputs({
    'line-coverage': verdict.linePct,
    'branch-coverage': verdict.branchPct,
    'patch-coverage': verdict.patchPct,
    delta: verdict.deltaPts,
    'lines-covered': totals.linesCovered,
    'lines-total': totals.linesTotal,
    passed: verdict.passed,
  })
  phase('judging')
  writeReportJson('coverage-gate', {
    ...stored(merged),
    totals,
    headline: { from: headline.from, why: headline.why, lineData: fromLines },
    reports: reports.map((report) => ({ file: report.file, format: report.format, stated: report.stated })),
    verdict,
    changes: changed && 'from' in changed ? { from: changed.from, base: changed.base } : changed,
    unmatched: merged.unmatched,
  })
  phase('writing report-json')
  const context = process.env.GITHUB_REPOSITORY ? readRepoContext() : undefined
  const commit = pr?.headSha || context?.sha
  const fileUrl =
    context && commit
      ? (path: string) =>
          `${context.serverUrl}/${context.owner}/${context.repo}/blob/${commit}/${path.split('/').map(encodeURIComponent).join('/')}`
      : undefined
  const markdown = renderSummary({
    verdict,
    headline,
    lineData: fromLines,
    perFile,
    patchFiles,
    reports,
    unmatched: merged.unmatched,
    reported: merged.reported,
    fileUrl,
  })
  writeSummary(markdown)
  phase('writing the summary')
  if (inputs.annotate === 'changed-lines' && patchFiles) emitAnnotations(annotations(patchFiles), log)
  const commentFile = await commentOnPullRequest(
    'coverage-gate',
    markdown,
    { mode: inputs.comment, token: inputs.githubToken },
    () => (client ??= createOctokit(inputs.githubToken ?? '')),
    log,
  )
  setOutputs({ 'comment-file': commentFile })
  const failed = verdict.rules
    .filter((rule) => !rule.passed)
    .map(
      (rule) =>
        `${rule.rule}: ${rule.detail}${rule.actual === undefined ? '' : ` (${Math.round(rule.actual * 100) / 100} vs ${rule.limit})`}`,
    )
  if (failed.length > 0) endGate('Coverage gate failed', failed.join('; '), inputs.fail, log.warning)
}
