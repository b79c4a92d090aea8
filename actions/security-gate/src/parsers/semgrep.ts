// Semgrep JSON: ERROR/WARNING/INFO (and newer CRITICAL/HIGH/MEDIUM/LOW); `errors[]` fail closed.
import { dict, dicts, str, type Dict } from '../json.js'
import { emptyReport, fingerprintOf, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'

export function parseSemgrep(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'Semgrep', 'semgrep-json', ['sast'])
  for (const error of dicts(document.errors)) {
    if (error.level !== 'warn') report.problems.push(`Semgrep reported an error: ${str(error.message) ?? 'no message'}`)
  }
  const seen = new Set<string>()
  for (const result of dicts(document.results)) {
    const id = str(result.check_id) ?? 'semgrep'
    const path = str(result.path)
    const start = dict(result.start).line
    const line = typeof start === 'number' ? start : undefined
    const extra = dict(result.extra)
    const fingerprint = fingerprintOf('Semgrep', id, path, line)
    // Semgrep can report the very same match twice.
    if (seen.has(fingerprint)) continue
    seen.add(fingerprint)
    report.findings.push({
      tool: 'Semgrep',
      category: 'sast',
      id,
      aliases: [],
      severity: fromWord(extra.severity),
      location: path ? { file: path, line } : undefined,
      message: str(extra.message) ?? id,
      fingerprint,
      report: file,
    })
  }
  return report
}
