// npm audit --json: v2 (npm 7+, one finding per vulnerable package, as npm counts) and v6 (advisories).
import { dict, dicts, isDict, str, strings, type Dict } from '../json.js'
import { emptyReport, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'
import { advisoryFinding } from './finding.js'

/** npm audit's `via`: names of vulnerable dependencies, or advisories (which carry the package `name`). */
const viaNames = (via: unknown): string[] =>
  (Array.isArray(via) ? via : []).map((entry: unknown) => str(entry) ?? str(dict(entry).name) ?? '?')

export function parseNpmAudit(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'npm audit', 'npm-audit', ['dependency'])
  const error = isDict(document.error) ? document.error : undefined
  if (error) {
    report.problems.push(`npm audit did not run: ${str(error.code) ?? 'error'} ${str(error.summary) ?? ''}`.trim())
  }
  if (document.auditReportVersion === 2) {
    for (const [name, value] of Object.entries(dict(document.vulnerabilities))) {
      const entry = dict(value)
      const advisories = dicts(entry.via)
      const ids = advisories.map((via) => str(via.url)?.split('/').pop() ?? String(via.source))
      const fix = entry.fixAvailable
      report.findings.push(
        advisoryFinding(
          file,
          'npm audit',
          ids[0] ?? `npm:${name}`,
          fromWord(entry.severity),
          { name, version: str(entry.range), fixedVersion: isDict(fix) ? str(fix.version) : undefined },
          str(advisories[0]?.title) ?? `${name} depends on a vulnerable package (${viaNames(entry.via).join(', ')})`,
          ids.slice(1),
        ),
      )
    }
  } else if (document.advisories) {
    for (const advisory of Object.values(dict(document.advisories)).filter(isDict)) {
      report.findings.push(
        advisoryFinding(
          file,
          'npm audit',
          str(advisory.github_advisory_id) ?? String(advisory.id),
          fromWord(advisory.severity),
          { name: String(advisory.module_name), fixedVersion: str(advisory.patched_versions) },
          str(advisory.title) ?? 'npm advisory',
          strings(advisory.cves),
        ),
      )
    }
  }
  return report
}
