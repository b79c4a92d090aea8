// Safety `check --json` (v2) and `scan` JSON (v3, nested projects → files → dependencies).
import { dict, dicts, str, strings, type Dict } from '../json.js'
import { emptyReport, type Finding, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'
import { advisoryFinding } from './finding.js'

function severityOf(vuln: Dict): Finding['severity'] {
  const given = dict(dict(vuln.severity).cvssv3).base_severity
  return fromWord(given ?? dict(dict(vuln.cve).cvssv3).base_severity)
}

export function parseSafety(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'Safety', 'safety', ['dependency'])
  for (const vuln of dicts(document.vulnerabilities)) {
    if (vuln.ignored === true) continue
    const cve = str(vuln.CVE)
    report.findings.push(
      advisoryFinding(
        file,
        'Safety',
        String(vuln.vulnerability_id),
        severityOf(vuln),
        {
          name: String(vuln.package_name),
          version: str(vuln.analyzed_version),
          fixedVersion: strings(vuln.fixed_versions)[0],
        },
        str(vuln.advisory)?.slice(0, 300) ?? 'Safety advisory',
        cve ? [cve] : [],
      ),
    )
  }
  for (const project of dicts(dict(document.scan_results).projects)) {
    for (const scanned of dicts(project.files)) {
      for (const dep of dicts(dict(scanned.results).dependencies)) {
        for (const spec of dicts(dep.specifications)) {
          for (const vuln of dicts(dict(spec.vulnerabilities).known_vulnerabilities)) {
            if (vuln.ignored) continue
            const cve = dict(vuln.cve)
            const cveName = str(cve.name)
            report.findings.push(
              advisoryFinding(
                file,
                'Safety',
                String(vuln.id),
                severityOf(vuln),
                { name: String(dep.name), version: str(spec.raw) },
                str(cve.advisory)?.slice(0, 300) ?? 'Safety advisory',
                cveName ? [cveName] : [],
              ),
            )
          }
        }
      }
    }
  }
  return report
}
