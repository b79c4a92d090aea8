import type { Category } from '../inputs.js'
import { emptyReport, fingerprintOf, type Finding, type FindingSeverity, type ParsedSecurityReport } from '../model.js'
import { fromScore, fromWord } from '../severity.js'

interface SarifRule {
  id?: string
  properties?: Record<string, unknown>
  defaultConfiguration?: { level?: string }
  shortDescription?: { text?: string }
}

interface SarifResult {
  ruleId?: string
  ruleIndex?: number
  rule?: { id?: string; index?: number; toolComponent?: { index?: number } }
  level?: string
  message?: { text?: string }
  locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }>
  partialFingerprints?: Record<string, string>
  suppressions?: Array<{ status?: string }>
  properties?: Record<string, unknown>
}

interface SarifRun {
  tool?: { driver?: { name?: string; rules?: SarifRule[] }; extensions?: Array<{ rules?: SarifRule[] }> }
  results?: SarifResult[]
  invocations?: Array<{
    executionSuccessful?: boolean
    toolExecutionNotifications?: Array<{ level?: string; message?: { text?: string } }>
  }>
}

/** What a tool's findings are: dependency scanners' ids are advisories, the rest read code. */
function categoryOf(tool: string, id: string): Exclude<Category, 'license'> {
  const name = tool.toLowerCase()
  if (/gitleaks|trufflehog|secret/.test(name)) return 'secrets'
  if (/osv-scanner|grype|dependency|npm audit|snyk/.test(name)) return 'dependency'
  if (name.includes('trivy') && /^(CVE|GHSA|GO|PYSEC|RUSTSEC)-/i.test(id)) return 'dependency'
  return 'sast'
}

function findRule(run: SarifRun, result: SarifResult): SarifRule | undefined {
  const extension = result.rule?.toolComponent?.index
  const rules = extension === undefined ? run.tool?.driver?.rules : run.tool?.extensions?.[extension]?.rules
  const index = result.ruleIndex ?? result.rule?.index
  if (index !== undefined && rules?.[index]) return rules[index]
  const id = result.ruleId ?? result.rule?.id
  const all = [...(run.tool?.driver?.rules ?? []), ...(run.tool?.extensions ?? []).flatMap((e) => e.rules ?? [])]
  return all.find((rule) => rule.id === id)
}

/** A file location as the repository sees it: SARIF uses URIs, sometimes file:// and Windows drives. */
function locationOf(result: SarifResult): Finding['location'] {
  const physical = result.locations?.[0]?.physicalLocation
  const uri = physical?.artifactLocation?.uri
  if (!uri) return undefined
  const file = decodeURIComponent(uri.replace(/^file:\/\//, ''))
    .replace(/\\/g, '/')
    .replace(/^\/?[A-Za-z]:\//, '/')
  return { file, line: physical?.region?.startLine }
}

/**
 * `security-severity` as GitHub reads it (a CVSS-like score, mapped by fromScore), or as Semgrep
 * writes it: the words CRITICAL, HIGH, MEDIUM, LOW. Anything else leaves the level to decide.
 */
function severityOf(value: unknown): FindingSeverity | undefined {
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value))) {
    return fromScore(Number(value))
  }
  const word = typeof value === 'string' ? fromWord(value) : 'unknown'
  return ['critical', 'high', 'medium', 'low'].includes(word) && !/^(error|warning|note|info)$/i.test(String(value))
    ? word
    : undefined
}

/**
 * SARIF 2.1.0 from CodeQL, Semgrep, Bandit, Trivy, ESLint and others. Severity is the rule's or
 * result's `security-severity` mapped as GitHub does, else the level (from the result, else the
 * rule's default, else SARIF's default `warning`). Suppressed results are counted apart. A run
 * whose invocation did not succeed, or with error notifications, fails closed.
 */
export function parseSarif(file: string, document: Record<string, unknown>): ParsedSecurityReport[] {
  const runs = document.runs as SarifRun[]
  return runs.map((run, index) => {
    const tool = run.tool?.driver?.name ?? 'SARIF tool'
    const report = emptyReport(file, tool, 'sarif', [])
    const categories = new Set<Category>([categoryOf(tool, '')])
    for (const invocation of run.invocations ?? []) {
      if (invocation.executionSuccessful === false)
        report.problems.push(`${tool} run ${index + 1} did not finish (executionSuccessful: false)`)
      for (const note of invocation.toolExecutionNotifications ?? []) {
        if (note.level === 'error')
          report.problems.push(`${tool} reported an error: ${note.message?.text ?? 'no message'}`)
      }
    }
    for (const result of run.results ?? []) {
      if ((result.suppressions ?? []).some((s) => s.status !== 'rejected')) {
        report.suppressed += 1
        continue
      }
      const rule = findRule(run, result)
      const id = result.ruleId ?? result.rule?.id ?? rule?.id ?? 'unknown-rule'
      const given = severityOf(result.properties?.['security-severity'] ?? rule?.properties?.['security-severity'])
      const level = result.level ?? rule?.defaultConfiguration?.level ?? 'warning'
      if (level === 'none') continue
      const location = locationOf(result)
      const category = categoryOf(tool, id)
      categories.add(category)
      report.findings.push({
        tool,
        category,
        id,
        aliases: [],
        severity: given ?? fromWord(level),
        location,
        message: result.message?.text ?? rule?.shortDescription?.text ?? id,
        fingerprint:
          Object.values(result.partialFingerprints ?? {})[0] ?? fingerprintOf(tool, id, location?.file, location?.line),
        report: file,
      })
    }
    report.categories = [...categories]
    return report
  })
}
