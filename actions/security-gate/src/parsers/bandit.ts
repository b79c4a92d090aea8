// Bandit JSON: severity LOW/MEDIUM/HIGH; `errors[]` (files it could not scan) fail closed. Code
// snippets are never kept.
import { dicts, str, type Dict } from '../json.js'
import { emptyReport, fingerprintOf, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'

export function parseBandit(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'Bandit', 'bandit-json', ['sast'])
  for (const error of dicts(document.errors)) {
    report.problems.push(
      `Bandit could not scan ${str(error.filename) ?? 'a file'}: ${str(error.reason) ?? 'no reason given'}`,
    )
  }
  for (const result of dicts(document.results)) {
    const id = str(result.test_id) ?? 'bandit'
    const filename = str(result.filename)
    const line = typeof result.line_number === 'number' ? result.line_number : undefined
    report.findings.push({
      tool: 'Bandit',
      category: 'sast',
      id,
      aliases: [],
      severity: fromWord(result.issue_severity),
      location: filename ? { file: filename, line } : undefined,
      message: str(result.issue_text) ?? id,
      fingerprint: fingerprintOf('Bandit', id, filename, line),
      report: file,
    })
  }
  return report
}
