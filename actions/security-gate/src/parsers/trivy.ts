// Trivy JSON: vulnerabilities, misconfigurations (FAIL only), secrets and licenses. Trivy before
// 0.20 wrote the results alone (a top-level array); detect.ts hands those over as `Results`.
import { dict, dicts, str, type Dict } from '../json.js'
import { emptyReport, type Category, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'
import { advisoryFinding } from './finding.js'

export function parseTrivy(file: string, document: Dict): ParsedSecurityReport {
  const container = document.ArtifactType === 'container_image'
  const categories = new Set<Category>()
  const report = emptyReport(file, 'Trivy', 'trivy-json', [])
  const ruleFinding = (id: string, severity: unknown, title: unknown, category: 'sast' | 'secrets') =>
    advisoryFinding(file, 'Trivy', id, fromWord(severity), undefined, str(title) ?? id, [], category)
  for (const result of dicts(document.Results)) {
    const target = String(result.Target)
    for (const vuln of dicts(result.Vulnerabilities)) {
      const category = container ? 'container' : 'dependency'
      categories.add(category)
      report.findings.push(
        advisoryFinding(
          file,
          'Trivy',
          String(vuln.VulnerabilityID),
          fromWord(vuln.Severity),
          { name: String(vuln.PkgName), version: str(vuln.InstalledVersion), fixedVersion: str(vuln.FixedVersion) },
          str(vuln.Title) ?? String(vuln.VulnerabilityID),
          [],
          category,
        ),
      )
    }
    for (const misconfig of dicts(result.Misconfigurations)) {
      categories.add('sast')
      if (misconfig.Status !== 'FAIL') continue
      report.findings.push({
        ...ruleFinding(String(misconfig.ID), misconfig.Severity, misconfig.Title, 'sast'),
        location: { file: target, line: Number(dict(misconfig.CauseMetadata).StartLine) || undefined },
      })
    }
    for (const secret of dicts(result.Secrets)) {
      categories.add('secrets')
      // The matched text is a secret: only the rule and place are kept.
      report.findings.push({
        ...ruleFinding(String(secret.RuleID), secret.Severity, secret.Title, 'secrets'),
        location: { file: target, line: Number(secret.StartLine) || undefined },
      })
    }
    for (const license of dicts(result.Licenses)) {
      categories.add('license')
      report.licenses.push({
        tool: 'Trivy',
        package: String(license.PkgName ?? license.FilePath ?? result.Target),
        license: str(license.Name),
        report: file,
      })
    }
    if (result.Class === 'config' || result.MisconfSummary) categories.add('sast')
    if (result.Class === 'os-pkgs' || result.Class === 'lang-pkgs')
      categories.add(container ? 'container' : 'dependency')
  }
  report.categories = categories.size > 0 ? [...categories] : [container ? 'container' : 'dependency']
  return report
}
