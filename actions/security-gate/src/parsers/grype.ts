// Grype JSON: one finding per match; Negligible counts as low.
import { dict, dicts, str, strings, type Dict } from '../json.js'
import { emptyReport, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'
import { advisoryFinding } from './finding.js'

export function parseGrype(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'Grype', 'grype-json', ['dependency'])
  for (const match of dicts(document.matches)) {
    const vuln = dict(match.vulnerability)
    const artifact = dict(match.artifact)
    report.findings.push(
      advisoryFinding(
        file,
        'Grype',
        String(vuln.id),
        fromWord(vuln.severity),
        {
          name: String(artifact.name),
          version: str(artifact.version),
          fixedVersion: strings(dict(vuln.fix).versions)[0],
        },
        str(vuln.description)?.slice(0, 300) ?? String(vuln.id),
        dicts(match.relatedVulnerabilities).map((related) => String(related.id)),
      ),
    )
  }
  return report
}
