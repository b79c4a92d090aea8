import { resolve } from 'node:path'
import { actionLog as log, endGate, FileError, findFiles, InputError, setOutputs } from '@shipgate/core/action'
import { createOctokit, readChangeBase } from '@shipgate/core/github'
import { readPrChanges } from './base-files.js'
import { readBaseline } from './baseline.js'
import { checkSpdxReferences } from './adapters/licenses.js'
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
import { readExceptions } from './ignore.js'
import { readInputs } from './inputs.js'
import type { ParsedSecurityReport } from './model.js'
import { decide, GATES, type GatedFinding } from './policy.js'
import { readSecurityReport } from './read-report.js'
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

export async function run(): Promise<void> {
  const posting = readPostCommentInputs()
  if (posting) return postCommentStep('security-gate', posting, log)
  const inputs = readInputs()
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()
  const files = findFiles(inputs.reports, workspace)
  if (files.length === 0)
    throw new InputError(
      'reports',
      inputs.reports.join(', '),
      `globs that match scanner reports under ${workspace} (none matched)`,
    )
  const reports: ParsedSecurityReport[] = []
  for (const file of files) {
    const shown = workspacePath(file, workspace)
    const parsed = readSecurityReport(file).map((report) => ({
      ...report,
      file: shown,
      findings: report.findings.map((finding) => ({ ...finding, report: shown })),
      licenses: report.licenses.map((license) => ({ ...license, report: shown })),
    }))
    if (parsed.length === 0)
      throw new FileError(shown, 'is a SARIF log with no runs: the scanner produced nothing to check')
    for (const report of parsed)
      log.info(`${shown}: ${report.tool}, ${report.findings.length} findings, ${report.licenses.length} licenses`)
    reports.push(...parsed)
  }
  checkSpdxReferences(reports)
  const exceptions = inputs.ignoreFile ? readExceptions(resolve(workspace, inputs.ignoreFile)) : []
  const baseline = inputs.baseline ? readBaseline(resolve(workspace, inputs.baseline)) : new Set<string>()
  const base = readChangeBase()
  const prChanges = base ? await readPrChanges(inputs, workspace, base.sha, { exceptions, baseline }, log) : undefined
  const verdict = decide(reports, inputs, exceptions, baseline, new Date().toISOString().slice(0, 10), prChanges)
  const prWaived = verdict.findings.filter((finding) => finding.prWaiver)
  for (const finding of prWaived) {
    log.warning(
      `${finding.prWaiver?.what ?? ''} is ${finding.prWaiver?.change ?? ''} and waives ${finding.id}${finding.prWaiver?.honoured ? '' : ': not honoured until merged (pr-exceptions: deny)'}`,
    )
  }
  for (const unused of verdict.unusedExceptions)
    log.warning(`The exception for ${unused.id} (ignore-file line ${unused.line}) matched no finding: remove it`)
  const gating = verdict.findings.filter((finding) => !finding.waived)
  const count = (severity: string) => gating.filter((finding) => finding.severity === severity).length
  setOutputs({
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
  })
  if (inputs.sarifOutput) writeMergedSarif(resolve(workspace, inputs.sarifOutput), verdict.findings, workspace)
  writeReportJson('security-gate', {
    kind: 'shipgate/security-report',
    version: 1,
    ...verdict,
    reports: reports.map(({ findings: _f, licenses: _l, ...rest }) => rest),
  })
  const markdown = renderSummary(verdict, reports)
  writeSummary(markdown)
  const threshold = gatingRank(inputs.failOnSeverity)
  emitAnnotations(annotations(verdict.findings, threshold, workspace), log)
  const commentFile = await commentOnPullRequest(
    'security-gate',
    markdown,
    { mode: inputs.comment, token: inputs.githubToken },
    () => createOctokit(inputs.githubToken ?? ''),
    log,
  )
  setOutputs({ 'comment-file': commentFile })
  const failed = GATES.filter((gate) => verdict.gates[gate].state === 'failed').map(
    (gate) => `${gate}: ${verdict.gates[gate].reasons.join('; ')}`,
  )
  if (failed.length > 0) endGate('Security gate failed', failed.join(' | '), inputs.fail, log.warning)
}
