// yarn 1's `yarn audit --json`: JSON lines, one `auditAdvisory` per advisory and dependency path
// (yarn's own unit: its `auditSummary` counts exactly these lines), beside info, warning and error
// lines. One finding per line, so the gate counts what yarn counts.
import { dict, dicts, str, strings, type Dict } from '../json.js'
import { emptyReport, fingerprintOf, SEVERITIES, type Finding, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'
import { countBySeverity, statedCounts, type StatedCounts } from './audit-counts.js'
import { advisoryFinding } from './finding.js'

const TOOL = 'yarn audit'

function lineFinding(file: string, data: Dict): Finding {
  const resolution = dict(data.resolution)
  const advisory = dict(data.advisory)
  const name = str(advisory.module_name) ?? '?'
  const path = str(resolution.path) ?? name
  const id = str(advisory.github_advisory_id) ?? String(advisory.id ?? resolution.id)
  const version = str(dicts(advisory.findings).find((found) => strings(found.paths).includes(path))?.version)
  const finding = advisoryFinding(
    file,
    TOOL,
    id,
    fromWord(advisory.severity),
    { name, version, fixedVersion: str(advisory.patched_versions) },
    `${str(advisory.title) ?? 'npm advisory'} (via ${path}${resolution.dev === true ? ', a dev dependency' : ''})`,
    strings(advisory.cves),
  )
  // The same advisory reaches a package by several paths, each a line of its own.
  return { ...finding, fingerprint: fingerprintOf(TOOL, id, name, path) }
}

/** How the lines disagree with the summary, or undefined when they agree. */
function disagreement(summary: StatedCounts, findings: readonly Finding[]): string | undefined {
  const listed = countBySeverity(findings.map((finding) => finding.severity))
  const differs = [...SEVERITIES, 'unknown' as const].filter(
    (severity) => (summary.bySeverity[severity] ?? 0) !== (listed[severity] ?? 0),
  )
  if (differs.length === 0) return undefined
  const counts = differs.map((severity) => `${listed[severity] ?? 0} ${severity}`).join(', ')
  return (
    `its auditSummary states ${summary.text} but its advisory lines count ${counts}: ` +
    'advisories were left out (yarn audit --level or --groups, a grep) or the file is cut short; ' +
    'gate the whole output of yarn audit --json'
  )
}

export function parseYarnClassic(file: string, documents: readonly unknown[]): ParsedSecurityReport {
  const report = emptyReport(file, TOOL, 'yarn-audit', ['dependency'])
  let summary: StatedCounts | undefined
  let dependencies: unknown
  for (const document of documents) {
    const { type, data } = dict(document)
    if (type === 'auditAdvisory') report.findings.push(lineFinding(file, dict(data)))
    else if (type === 'auditSummary') {
      summary = statedCounts(dict(data).vulnerabilities)
      dependencies = dict(data).totalDependencies
    } else if (type === 'error') report.problems.push(`yarn audit did not run: ${str(data) ?? 'error'}`)
  }
  if (summary) {
    report.stated = `yarn states ${summary.text}${typeof dependencies === 'number' ? ` in ${dependencies} dependencies` : ''}`
    const problem = disagreement(summary, report.findings)
    if (problem) report.problems.push(problem)
  } else if (report.problems.length === 0) {
    if (report.findings.length === 0)
      report.problems.push('holds neither an auditSummary nor an advisory: yarn audit did not finish')
    else report.stated = 'no auditSummary line: counted from the advisory lines the file holds'
  }
  return report
}
