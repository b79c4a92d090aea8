// OSV-Scanner JSON: one finding per advisory group (its own unit), severity from max_severity.
import { dict, dicts, str, strings, type Dict } from '../json.js'
import { emptyReport, type ParsedSecurityReport } from '../model.js'
import { fromScore, fromWord } from '../severity.js'
import { advisoryFinding } from './finding.js'

export function parseOsvScanner(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'OSV-Scanner', 'osv-scanner', ['dependency'])
  for (const result of dicts(document.results)) {
    for (const entry of dicts(result.packages)) {
      const pkg = dict(entry.package)
      const vulns = dicts(entry.vulnerabilities)
      const groups: Dict[] = dicts(entry.groups).length > 0 ? dicts(entry.groups) : vulns.map((v) => ({ ids: [v.id] }))
      for (const group of groups) {
        const ids = strings(group.ids)
        const vuln = vulns.find((v) => ids.includes(String(v.id)))
        const score = Number(group.max_severity)
        const word = dict(vuln?.database_specific).severity
        report.findings.push(
          advisoryFinding(
            file,
            'OSV-Scanner',
            ids[0] ?? 'osv',
            str(group.max_severity) && Number.isFinite(score) ? fromScore(score) : fromWord(word),
            { name: String(pkg.name), version: str(pkg.version) },
            str(vuln?.summary) ?? ids.join(', '),
            [...ids.slice(1), ...strings(vuln?.aliases)],
          ),
        )
      }
    }
  }
  return report
}
