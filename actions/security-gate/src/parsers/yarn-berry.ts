// yarn 2+'s `yarn npm audit --json` (yarn 4 and later): JSON lines, one per advisory and package,
// `{ value: package, children: { ID, Issue, URL, Severity, "Vulnerable Versions", "Tree Versions",
// Dependents } }`. A deprecated package is a line too, its ID "<package> (deprecation)", at the
// severity yarn gives it (yarn's --no-deprecations leaves them out).
import { dict, str, strings } from '../json.js'
import { emptyReport, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'
import { advisoryFinding } from './finding.js'

const TOOL = 'yarn npm audit'
const GHSA = /GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}$/

/** Who needs the package, the first few of them. */
const neededBy = (dependents: string[]): string =>
  dependents.length === 0
    ? ''
    : ` (needed by ${dependents.slice(0, 3).join(', ')}${dependents.length > 3 ? ` and ${dependents.length - 3} more` : ''})`

export function parseYarnBerry(file: string, documents: readonly unknown[]): ParsedSecurityReport {
  const report = emptyReport(file, TOOL, 'yarn-npm-audit', ['dependency'])
  for (const document of documents) {
    const line = dict(document)
    const name = str(line.value) ?? '?'
    const entry = dict(line.children)
    const issue = str(entry.Issue)
    const ghsa = GHSA.exec(str(entry.URL) ?? '')?.[0]
    const stated = typeof entry.ID === 'number' ? String(entry.ID) : (str(entry.ID) ?? `${name} (advisory)`)
    const deprecation = stated.endsWith('(deprecation)')
    report.findings.push(
      advisoryFinding(
        file,
        TOOL,
        ghsa ?? stated,
        fromWord(entry.Severity),
        { name, version: strings(entry['Tree Versions']).join(', ') || undefined },
        (deprecation ? `${name} is deprecated: ${issue ?? 'no reason given'}` : (issue ?? 'npm advisory')) +
          neededBy(strings(entry.Dependents)),
        ghsa ? [stated] : [],
      ),
    )
  }
  return report
}
