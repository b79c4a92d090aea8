// SARIF 2.1.0 from CodeQL, Semgrep, Bandit, Trivy, ESLint and others.
import { dict, dicts, str, type Dict } from '../json.js'
import {
  emptyReport,
  fingerprintOf,
  type Category,
  type Finding,
  type FindingSeverity,
  type ParsedSecurityReport,
} from '../model.js'
import { fromScore, fromWord } from '../severity.js'

/** What a tool's findings are: dependency scanners' ids are advisories, the rest read code. */
function categoryOf(tool: string, id: string): Exclude<Category, 'license'> {
  const name = tool.toLowerCase()
  if (/gitleaks|trufflehog|secret/.test(name)) return 'secrets'
  if (/osv-scanner|grype|dependency|npm audit|snyk/.test(name)) return 'dependency'
  if (name.includes('trivy') && /^(CVE|GHSA|GO|PYSEC|RUSTSEC)-/i.test(id)) return 'dependency'
  return 'sast'
}

const index = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined)

function findRule(run: Dict, result: Dict): Dict | undefined {
  const tool = dict(run.tool)
  const reference = dict(result.rule)
  const extension = index(dict(reference.toolComponent).index)
  const extensions = dicts(tool.extensions)
  const rules = dicts(extension === undefined ? dict(tool.driver).rules : extensions[extension]?.rules)
  const at = index(result.ruleIndex) ?? index(reference.index)
  const indexed = at === undefined ? undefined : rules[at]
  if (indexed) return indexed
  const id = result.ruleId ?? reference.id
  return [...dicts(dict(tool.driver).rules), ...extensions.flatMap((e) => dicts(e.rules))].find(
    (rule) => rule.id === id,
  )
}

/** A file location as the repository sees it: SARIF uses URIs, sometimes file:// and Windows drives. */
function locationOf(result: Dict): Finding['location'] {
  const physical = dict(dicts(result.locations)[0]?.physicalLocation)
  const uri = str(dict(physical.artifactLocation).uri)
  if (!uri) return undefined
  const file = decodeURIComponent(uri.replace(/^file:\/\//, ''))
    .replace(/\\/g, '/')
    .replace(/^\/?[A-Za-z]:\//, '/')
  return { file, line: index(dict(physical.region).startLine) }
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
 * Severity is the rule's or result's `security-severity` mapped as GitHub does, else the level
 * (from the result, else the rule's default, else SARIF's default `warning`). Suppressed results
 * are counted apart. A run whose invocation did not succeed, or with error notifications, fails
 * closed.
 */
export function parseSarif(file: string, document: Dict): ParsedSecurityReport[] {
  return dicts(document.runs).map((run, runIndex) => {
    const tool = str(dict(dict(run.tool).driver).name) ?? 'SARIF tool'
    const report = emptyReport(file, tool, 'sarif', [])
    const categories = new Set<Category>([categoryOf(tool, '')])
    for (const invocation of dicts(run.invocations)) {
      if (invocation.executionSuccessful === false)
        report.problems.push(`${tool} run ${runIndex + 1} did not finish (executionSuccessful: false)`)
      for (const note of dicts(invocation.toolExecutionNotifications)) {
        if (note.level === 'error')
          report.problems.push(`${tool} reported an error: ${str(dict(note.message).text) ?? 'no message'}`)
      }
    }
    for (const result of dicts(run.results)) {
      if (dicts(result.suppressions).some((s) => s.status !== 'rejected')) {
        report.suppressed += 1
        continue
      }
      const rule = findRule(run, result)
      const id = str(result.ruleId) ?? str(dict(result.rule).id) ?? str(rule?.id) ?? 'unknown-rule'
      const given = severityOf(
        dict(result.properties)['security-severity'] ?? dict(rule?.properties)['security-severity'],
      )
      const level = str(result.level) ?? str(dict(rule?.defaultConfiguration).level) ?? 'warning'
      if (level === 'none') continue
      const location = locationOf(result)
      const category = categoryOf(tool, id)
      categories.add(category)
      const fingerprints = Object.values(dict(result.partialFingerprints)).filter((value) => typeof value === 'string')
      report.findings.push({
        tool,
        category,
        id,
        aliases: [],
        severity: given ?? fromWord(level),
        location,
        message: str(dict(result.message).text) ?? str(dict(rule?.shortDescription).text) ?? id,
        fingerprint: fingerprints[0] ?? fingerprintOf(tool, id, location?.file, location?.line),
        report: file,
      })
    }
    report.categories = [...categories]
    return report
  })
}
