// What coverage-gate says about its verdict: the outputs, report-json, the job summary, the
// annotations on changed lines and the sticky pull request comment.
import { setOutputs } from '@shipgate/core/action'
import {
  commentOnPullRequest,
  emitAnnotations,
  writeReportJson,
  writeSummary,
  type Annotation,
} from '@shipgate/core/report'
import type { StoredComponent, StoredReport } from './baseline.js'
import type { ComponentsMeasured } from './components.js'
import type { Inputs } from './inputs.js'
import type { Measurement } from './measure.js'
import { countFile, type Merged } from './merge.js'
import { toRanges, type PatchFile } from './patch.js'
import type { Read, RunContext } from './read.js'
import { renderSummary } from './summary.js'

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

const rounded = (value: number | undefined) => (value === undefined ? null : Math.round(value * 100) / 100)

/** The components output: what a later step branches on, per component. */
function componentsOutput(components: ComponentsMeasured | undefined): string {
  const entries = (components?.results ?? []).map((component) => [
    component.name,
    {
      status: component.status,
      line: component.totals.linesTotal > 0 ? rounded(component.verdict.linePct) : null,
      branch: rounded(component.verdict.branchPct),
      patch: rounded(component.verdict.patchPct),
      'carried-from': component.carriedFrom ?? null,
    },
  ])
  return JSON.stringify(Object.fromEntries(entries))
}

/** What report-json keeps of each component, for a later run to carry forward. */
function storedComponents(components: ComponentsMeasured | undefined): Record<string, StoredComponent> | undefined {
  if (!components) return undefined
  return Object.fromEntries(
    components.results.map((component) => [
      component.name,
      {
        lines: { covered: component.totals.linesCovered, total: component.totals.linesTotal },
        branches: { covered: component.totals.branchesCovered, total: component.totals.branchesTotal },
        status: component.status,
        ...(component.carriedFrom ? { carriedFrom: component.carriedFrom } : {}),
      },
    ]),
  )
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

/** A file's page at the change's head commit, for the summary's links; none off a runner. */
function fileUrlOf(context: RunContext): ((path: string) => string) | undefined {
  const { repo, pr } = context
  const commit = pr?.headSha || repo?.sha
  if (!repo || !commit) return undefined
  return (path) =>
    `${repo.serverUrl}/${repo.owner}/${repo.repo}/blob/${commit}/${path.split('/').map(encodeURIComponent).join('/')}`
}

export async function publish(
  measurement: Measurement,
  read: Read,
  inputs: Inputs,
  context: RunContext,
): Promise<void> {
  const { merged, changes, patchFiles, perFile, lineData, headline, verdict, components } = measurement
  const { totals } = headline
  setOutputs({
    'line-coverage': verdict.linePct,
    'branch-coverage': verdict.branchPct,
    'patch-coverage': verdict.patchPct,
    delta: verdict.deltaPts,
    'lines-covered': totals.linesCovered,
    'lines-total': totals.linesTotal,
    passed: verdict.passed,
    components: componentsOutput(components),
  })
  writeReportJson('coverage-gate', {
    ...stored(merged),
    commit: context.pr?.headSha || context.repo?.sha || undefined,
    components: storedComponents(components),
    totals,
    headline: { from: headline.from, why: headline.why, lineData },
    reports: read.reports.map((report) => ({ file: report.file, format: report.format, stated: report.stated })),
    verdict,
    changes: changes && 'from' in changes ? { from: changes.from, base: changes.base } : changes,
    unmatched: merged.unmatched,
  })
  const markdown = renderSummary({
    verdict,
    headline,
    lineData,
    perFile,
    patchFiles,
    reports: read.reports,
    unmatched: merged.unmatched,
    reported: merged.reported,
    components,
    fileUrl: fileUrlOf(context),
  })
  writeSummary(markdown)
  if (inputs.annotate === 'changed-lines' && patchFiles) emitAnnotations(annotations(patchFiles), context.log)
  const commentFile = await commentOnPullRequest(
    'coverage-gate',
    markdown,
    { mode: inputs.comment, octokit: context.octokit },
    context.log,
  )
  setOutputs({ 'comment-file': commentFile })
}
