// npm audit --json: v2 (npm 7+, one finding per vulnerable package, as npm counts) and v6 (one
// finding per advisory), whose shape `pnpm audit --json` and yarn 2/3's `yarn npm audit --json` write too.
import { dict, dicts, isDict, str, strings, type Dict } from '../json.js'
import { emptyReport, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'
import { statedCounts } from './audit-counts.js'
import { advisoryFinding } from './finding.js'

/** npm audit's `via`: names of vulnerable dependencies, or advisories (which carry the package `name`). */
const viaNames = (via: unknown): string[] =>
  (Array.isArray(via) ? via : []).map((entry: unknown) => str(entry) ?? str(dict(entry).name) ?? '?')

/**
 * Who wrote a report of npm 6's shape: npm 6 stamps a runId; pnpm's paths start at an importer
 * (".>cryo", "packages__api>qs"); yarn 2/3 send the registry a flat list, so a path is one name.
 */
function v6Tool(document: Dict): string {
  if ('runId' in document) return 'npm audit'
  const paths = Object.values(dict(document.advisories)).flatMap((advisory) =>
    dicts(dict(advisory).findings).flatMap((found) => strings(found.paths)),
  )
  if (paths.length === 0) return 'pnpm audit or yarn npm audit'
  return paths.some((path) => path.includes('>')) ? 'pnpm audit' : 'yarn npm audit'
}

export function parseNpmAudit(file: string, document: Dict): ParsedSecurityReport {
  const v6 = document.auditReportVersion !== 2 && 'advisories' in document
  const tool = v6 ? v6Tool(document) : 'npm audit'
  const report = emptyReport(file, tool, 'npm-audit', ['dependency'])
  const stated = statedCounts(dict(document.metadata).vulnerabilities)
  if (stated)
    report.stated = `${tool} states ${stated.text}${v6 && tool === 'npm audit' ? ', one per dependency path' : ''}`
  const error = isDict(document.error) ? document.error : undefined
  if (error) {
    report.problems.push(`${tool} did not run: ${str(error.code) ?? 'error'} ${str(error.summary) ?? ''}`.trim())
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
          tool,
          ids[0] ?? `npm:${name}`,
          fromWord(entry.severity),
          { name, version: str(entry.range), fixedVersion: isDict(fix) ? str(fix.version) : undefined },
          str(advisories[0]?.title) ?? `${name} depends on a vulnerable package (${viaNames(entry.via).join(', ')})`,
          ids.slice(1),
        ),
      )
    }
  } else if (v6) {
    for (const advisory of Object.values(dict(document.advisories)).filter(isDict)) {
      report.findings.push(
        advisoryFinding(
          file,
          tool,
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
