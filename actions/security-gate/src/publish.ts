// What security-gate says about its verdict: the outputs, the merged SARIF, report-json, the
// job summary, the annotations and the sticky pull request comment.
import { resolve } from 'node:path'
import { setOutputs } from '@shipgate/core/action'
import {
  commentOnPullRequest,
  emitAnnotations,
  workspacePath,
  writeReportJson,
  writeSummary,
  type Annotation,
} from '@shipgate/core/report'
import type { Inputs } from './inputs.js'
import { GATES, type GatedFinding, type Verdict } from './policy.js'
import type { Read, RunContext } from './read.js'
import { writeMergedSarif } from './sarif-out.js'
import { gatingRank, SEVERITY_RANK } from './severity.js'
import { renderSummary } from './summary.js'

/** Annotations need repository paths; scanners often write absolute ones under the workspace. */
function repoPath(file: string, workspace: string): string {
  return workspacePath(file, workspace).replace(/^\/+/, '')
}

function annotations(findings: readonly GatedFinding[], threshold: number, workspace: string): Annotation[] {
  return findings
    .filter((finding) => finding.location && !finding.waived)
    .map((finding) => ({
      level: (SEVERITY_RANK[finding.severity] ?? 0) >= threshold ? 'error' : 'warning',
      title: `${finding.tool} ${finding.id} (${finding.severity})`,
      message: finding.message.slice(0, 500),
      file: finding.location ? repoPath(finding.location.file, workspace) : undefined,
      startLine: finding.location?.line,
      rank: SEVERITY_RANK[finding.severity] ?? 0,
    }))
}

function outputsOf(verdict: Verdict): Parameters<typeof setOutputs>[0] {
  const gating = verdict.findings.filter((finding) => !finding.waived)
  const count = (severity: string) => gating.filter((finding) => finding.severity === severity).length
  const prWaived = verdict.findings.filter((finding) => finding.prWaiver)
  return {
    passed: verdict.passed,
    critical: count('critical'),
    high: count('high'),
    medium: count('medium'),
    low: count('low'),
    findings: gating.length,
    'license-violations': verdict.licenseViolations.length,
    'pr-exceptions-added': new Set(
      prWaived.map((finding) =>
        finding.prWaiver?.what.startsWith('exception') ? finding.prWaiver.what : finding.fingerprint,
      ),
    ).size,
    gates: JSON.stringify(Object.fromEntries(GATES.map((gate) => [gate, verdict.gates[gate].state]))),
  }
}

export async function publish(verdict: Verdict, read: Read, inputs: Inputs, context: RunContext): Promise<void> {
  const { workspace, log } = context
  for (const finding of verdict.findings.filter((entry) => entry.prWaiver)) {
    log.warning(
      `${finding.prWaiver?.what ?? ''} is ${finding.prWaiver?.change ?? ''} and waives ${finding.id}${finding.prWaiver?.honoured ? '' : ': not honoured until merged (pr-exceptions: deny)'}`,
    )
  }
  for (const unused of verdict.unusedExceptions)
    log.warning(`The exception for ${unused.id} (ignore-file line ${unused.line}) matched no finding: remove it`)
  setOutputs(outputsOf(verdict))
  if (inputs.sarifOutput) writeMergedSarif(resolve(workspace, inputs.sarifOutput), verdict.findings, workspace)
  writeReportJson('security-gate', {
    kind: 'shipgate/security-report',
    version: 1,
    ...verdict,
    reports: read.reports.map(({ findings: _f, licenses: _l, ...rest }) => rest),
  })
  const markdown = renderSummary(verdict, read.reports)
  writeSummary(markdown)
  emitAnnotations(annotations(verdict.findings, gatingRank(inputs.failOnSeverity), workspace), log)
  const commentFile = await commentOnPullRequest(
    'security-gate',
    markdown,
    { mode: inputs.comment, octokit: context.octokit },
    log,
  )
  setOutputs({ 'comment-file': commentFile })
}
