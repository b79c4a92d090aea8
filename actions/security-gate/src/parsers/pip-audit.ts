// pip-audit JSON (current `{dependencies}` and legacy list). It gives no severity; skipped packages fail closed.
import { dicts, str, strings, type Dict } from '../json.js'
import { emptyReport, type ParsedSecurityReport } from '../model.js'
import { advisoryFinding } from './finding.js'

export function parsePipAudit(file: string, document: Dict | unknown[]): ParsedSecurityReport {
  const report = emptyReport(file, 'pip-audit', 'pip-audit', ['dependency'])
  const dependencies = Array.isArray(document) ? dicts(document) : dicts(document.dependencies)
  for (const dep of dependencies) {
    const name = String(dep.name)
    const skipped = str(dep.skip_reason)
    if (skipped) report.problems.push(`pip-audit skipped ${name}: ${skipped}`)
    for (const vuln of dicts(dep.vulns)) {
      report.findings.push(
        advisoryFinding(
          file,
          'pip-audit',
          String(vuln.id),
          'unknown',
          { name, version: str(dep.version), fixedVersion: strings(vuln.fix_versions)[0] },
          str(vuln.description)?.slice(0, 300) ?? String(vuln.id),
          strings(vuln.aliases),
        ),
      )
    }
  }
  return report
}
