// The JSON formats of dependency and container scanners: npm audit, pip-audit, Safety,
// OSV-Scanner, Trivy and Grype. Each counts as its scanner counts (npm: vulnerable packages;
// OSV-Scanner: advisory groups), so totals match the scanner's own.
import type { Category } from '../inputs.js'
import { emptyReport, fingerprintOf, type Finding, type LicenseEntry, type ParsedSecurityReport } from '../model.js'
import { fromScore, fromWord } from '../severity.js'

type Dict = Record<string, unknown>
const list = (value: unknown): Dict[] => (Array.isArray(value) ? (value as Dict[]) : [])
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)
/** npm audit's `via`: names of vulnerable dependencies, or advisories (which carry the package `name`). */
const viaNames = (via: unknown): string[] =>
  (Array.isArray(via) ? (via as unknown[]) : []).map(
    (entry) => text(entry) ?? text((entry as Dict | null)?.name) ?? '?',
  )

function dependency(
  file: string,
  tool: string,
  id: string,
  severity: Finding['severity'],
  pkg: Finding['package'],
  message: string,
  aliases: string[] = [],
  category: Finding['category'] = 'dependency',
): Finding {
  return {
    tool,
    category,
    id,
    aliases: aliases.filter((alias) => alias !== id),
    severity,
    package: pkg,
    message,
    fingerprint: fingerprintOf(tool, id, pkg?.name, pkg?.version),
    report: file,
  }
}

/** npm audit --json: v2 (npm 7+, one finding per vulnerable package, as npm counts) and v6 (advisories). */
export function parseNpmAudit(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'npm audit', 'npm-audit', ['dependency'])
  const error = document.error as { code?: string; summary?: string } | undefined
  if (error) report.problems.push(`npm audit did not run: ${error.code ?? 'error'} ${error.summary ?? ''}`.trim())
  if (document.auditReportVersion === 2) {
    for (const [name, entry] of Object.entries((document.vulnerabilities as Record<string, Dict>) ?? {})) {
      const advisories = list(entry.via).filter((via) => typeof via === 'object')
      const ids = advisories.map((via) => text(via.url)?.split('/').pop() ?? String(via.source))
      const fix = entry.fixAvailable as { version?: string } | boolean | undefined
      report.findings.push(
        dependency(
          file,
          'npm audit',
          ids[0] ?? `npm:${name}`,
          fromWord(entry.severity),
          { name, version: text(entry.range), fixedVersion: typeof fix === 'object' ? fix.version : undefined },
          text(advisories[0]?.title) ?? `${name} depends on a vulnerable package (${viaNames(entry.via).join(', ')})`,
          ids.slice(1),
        ),
      )
    }
  } else if (document.advisories) {
    for (const advisory of Object.values(document.advisories as Record<string, Dict>)) {
      const cves = list(advisory.cves).map(String)
      report.findings.push(
        dependency(
          file,
          'npm audit',
          text(advisory.github_advisory_id) ?? String(advisory.id),
          fromWord(advisory.severity),
          { name: String(advisory.module_name), fixedVersion: text(advisory.patched_versions) },
          text(advisory.title) ?? 'npm advisory',
          cves,
        ),
      )
    }
  }
  return report
}

/** pip-audit JSON (current `{dependencies}` and legacy list). It gives no severity; skipped packages fail closed. */
export function parsePipAudit(file: string, document: Dict | Dict[]): ParsedSecurityReport {
  const report = emptyReport(file, 'pip-audit', 'pip-audit', ['dependency'])
  const dependencies = Array.isArray(document) ? document : list(document.dependencies)
  for (const dep of dependencies) {
    const name = String(dep.name)
    if (text(dep.skip_reason)) report.problems.push(`pip-audit skipped ${name}: ${String(dep.skip_reason)}`)
    for (const vuln of list(dep.vulns)) {
      report.findings.push(
        dependency(
          file,
          'pip-audit',
          String(vuln.id),
          'unknown',
          { name, version: text(dep.version), fixedVersion: list(vuln.fix_versions).map(String)[0] },
          text(vuln.description)?.slice(0, 300) ?? String(vuln.id),
          list(vuln.aliases).map(String),
        ),
      )
    }
  }
  return report
}

function safetySeverity(vuln: Dict): Finding['severity'] {
  const severity = vuln.severity as { cvssv3?: { base_severity?: string } } | null | undefined
  const cve = vuln.cve as { cvssv3?: { base_severity?: string } } | undefined
  return fromWord(severity?.cvssv3?.base_severity ?? cve?.cvssv3?.base_severity)
}

/** Safety `check --json` (v2) and `scan` JSON (v3, nested projects → files → dependencies). */
export function parseSafety(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'Safety', 'safety', ['dependency'])
  for (const vuln of list(document.vulnerabilities)) {
    if (vuln.ignored === true) continue
    report.findings.push(
      dependency(
        file,
        'Safety',
        String(vuln.vulnerability_id),
        safetySeverity(vuln),
        {
          name: String(vuln.package_name),
          version: text(vuln.analyzed_version),
          fixedVersion: list(vuln.fixed_versions).map(String)[0],
        },
        text(vuln.advisory)?.slice(0, 300) ?? 'Safety advisory',
        text(vuln.CVE) ? [String(vuln.CVE)] : [],
      ),
    )
  }
  const projects = list((document.scan_results as Dict | undefined)?.projects)
  for (const project of projects) {
    for (const scanned of list(project.files)) {
      for (const dep of list((scanned.results as Dict | undefined)?.dependencies)) {
        for (const spec of list(dep.specifications)) {
          for (const vuln of list((spec.vulnerabilities as Dict | undefined)?.known_vulnerabilities)) {
            if (vuln.ignored) continue
            const cve = vuln.cve as { name?: string } | undefined
            report.findings.push(
              dependency(
                file,
                'Safety',
                String(vuln.id),
                safetySeverity(vuln),
                { name: String(dep.name), version: text(spec.raw) },
                text((vuln.cve as Dict | undefined)?.advisory)?.slice(0, 300) ?? 'Safety advisory',
                cve?.name ? [cve.name] : [],
              ),
            )
          }
        }
      }
    }
  }
  return report
}

/** OSV-Scanner JSON: one finding per advisory group (its own unit), severity from max_severity. */
export function parseOsvScanner(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'OSV-Scanner', 'osv-scanner', ['dependency'])
  for (const result of list(document.results)) {
    for (const entry of list(result.packages)) {
      const pkg = entry.package as Dict
      const vulns = list(entry.vulnerabilities)
      const groups: Dict[] = list(entry.groups).length > 0 ? list(entry.groups) : vulns.map((v) => ({ ids: [v.id] }))
      for (const group of groups) {
        const ids = list(group.ids).map(String)
        const vuln = vulns.find((v) => ids.includes(String(v.id)))
        const score = Number(group.max_severity)
        const word = (vuln?.database_specific as Dict | undefined)?.severity
        report.findings.push(
          dependency(
            file,
            'OSV-Scanner',
            ids[0] ?? 'osv',
            text(group.max_severity) && Number.isFinite(score) ? fromScore(score) : fromWord(word),
            { name: String(pkg.name), version: text(pkg.version) },
            text(vuln?.summary) ?? ids.join(', '),
            [...ids.slice(1), ...list(vuln?.aliases).map(String)],
          ),
        )
      }
    }
  }
  return report
}

/** Trivy JSON: vulnerabilities, misconfigurations (FAIL only), secrets and licenses. */
export function parseTrivy(file: string, document: Dict): ParsedSecurityReport {
  const container = document.ArtifactType === 'container_image'
  const categories = new Set<Category>()
  const report = emptyReport(file, 'Trivy', 'trivy-json', [])
  for (const result of list(document.Results)) {
    for (const vuln of list(result.Vulnerabilities)) {
      const category = container ? 'container' : 'dependency'
      categories.add(category)
      report.findings.push(
        dependency(
          file,
          'Trivy',
          String(vuln.VulnerabilityID),
          fromWord(vuln.Severity),
          { name: String(vuln.PkgName), version: text(vuln.InstalledVersion), fixedVersion: text(vuln.FixedVersion) },
          text(vuln.Title) ?? String(vuln.VulnerabilityID),
          [],
          category,
        ),
      )
    }
    for (const misconfig of list(result.Misconfigurations)) {
      categories.add('sast')
      if (misconfig.Status !== 'FAIL') continue
      report.findings.push({
        ...dependency(
          file,
          'Trivy',
          String(misconfig.ID),
          fromWord(misconfig.Severity),
          undefined,
          text(misconfig.Title) ?? String(misconfig.ID),
          [],
          'sast',
        ),
        location: {
          file: String(result.Target),
          line: Number((misconfig.CauseMetadata as Dict | undefined)?.StartLine) || undefined,
        },
      })
    }
    for (const secret of list(result.Secrets)) {
      categories.add('secrets')
      // The matched text is a secret: only the rule and place are kept.
      report.findings.push({
        ...dependency(
          file,
          'Trivy',
          String(secret.RuleID),
          fromWord(secret.Severity),
          undefined,
          text(secret.Title) ?? String(secret.RuleID),
          [],
          'secrets',
        ),
        location: { file: String(result.Target), line: Number(secret.StartLine) || undefined },
      })
    }
    for (const license of list(result.Licenses)) {
      categories.add('license')
      report.licenses.push({
        tool: 'Trivy',
        package: String(license.PkgName ?? license.FilePath ?? result.Target),
        license: text(license.Name),
        report: file,
      } satisfies LicenseEntry)
    }
    if (result.Class === 'config' || result.MisconfSummary) categories.add('sast')
    if (result.Class === 'os-pkgs' || result.Class === 'lang-pkgs')
      categories.add(container ? 'container' : 'dependency')
  }
  report.categories = categories.size > 0 ? [...categories] : [container ? 'container' : 'dependency']
  return report
}

/** Grype JSON: one finding per match; Negligible counts as low. */
export function parseGrype(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'Grype', 'grype-json', ['dependency'])
  for (const match of list(document.matches)) {
    const vuln = match.vulnerability as Dict
    const artifact = match.artifact as Dict
    const fix = vuln.fix as { versions?: string[] } | undefined
    report.findings.push(
      dependency(
        file,
        'Grype',
        String(vuln.id),
        fromWord(vuln.severity),
        { name: String(artifact.name), version: text(artifact.version), fixedVersion: fix?.versions?.[0] },
        text(vuln.description)?.slice(0, 300) ?? String(vuln.id),
        list(match.relatedVulnerabilities).map((related) => String(related.id)),
      ),
    )
  }
  return report
}
