// Everything security-gate reads before it decides: each scanner report (its tool detected), the
// exceptions, the baseline, and what a pull request changed about its own waivers.
import { resolve } from 'node:path'
import { FileError, findFiles, InputError, type Logger } from '@shipgate/core/action'
import { readChangeBase, type Octokit } from '@shipgate/core/github'
import { workspacePath } from '@shipgate/core/report'
import { readBaseline } from './baseline.js'
import { detectAndParse } from './detect.js'
import { readPrChanges } from './exceptions/base-files.js'
import { readExceptions, type Exception } from './exceptions/ignore.js'
import type { PrChanges } from './exceptions/pr-exceptions.js'
import type { Inputs } from './inputs.js'
import type { ParsedSecurityReport } from './model.js'
import { checkSpdxReferences } from './parsers/spdx-sbom.js'

/** Where this run works and who it may ask: read from the runner once. */
export interface RunContext {
  workspace: string
  octokit: (() => Promise<Octokit>) | undefined
  log: Logger
}

export interface Read {
  reports: ParsedSecurityReport[]
  exceptions: Exception[]
  baseline: Set<string>
  prChanges: PrChanges | undefined
}

function readReports(inputs: Inputs, { workspace, log }: RunContext): ParsedSecurityReport[] {
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
    const parsed = detectAndParse(file).map((report) => ({
      ...report,
      file: shown,
      findings: report.findings.map((finding) => ({ ...finding, report: shown })),
      licenses: report.licenses.map((license) => ({ ...license, report: shown })),
    }))
    if (parsed.length === 0)
      throw new FileError(shown, 'is a SARIF log with no runs: the scanner produced nothing to check')
    for (const report of parsed)
      log.info(
        `${shown}: ${report.tool}, ${report.findings.length} findings, ${report.licenses.length} licenses${report.stated ? `; ${report.stated}` : ''}`,
      )
    reports.push(...parsed)
  }
  checkSpdxReferences(reports)
  return reports
}

export async function readAll(inputs: Inputs, context: RunContext): Promise<Read> {
  const { workspace } = context
  const reports = readReports(inputs, context)
  const exceptions = inputs.ignoreFile ? readExceptions(resolve(workspace, inputs.ignoreFile)) : []
  const baseline = inputs.baseline ? readBaseline(resolve(workspace, inputs.baseline)) : new Set<string>()
  const base = readChangeBase()
  const prChanges = base
    ? await readPrChanges(inputs, workspace, base.sha, { exceptions, baseline }, context.octokit, context.log)
    : undefined
  return { reports, exceptions, baseline, prChanges }
}
