// The JSON formats of code scanners: Bandit and Semgrep.
import { emptyReport, fingerprintOf, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'

interface BanditResult {
  test_id?: string
  issue_severity?: string
  issue_text?: string
  filename?: string
  line_number?: number
}

/** Bandit JSON: severity LOW/MEDIUM/HIGH; `errors[]` (files it could not scan) fail closed. Code snippets are never kept. */
export function parseBandit(file: string, document: Record<string, unknown>): ParsedSecurityReport {
  const report = emptyReport(file, 'Bandit', 'bandit-json', ['sast'])
  for (const error of (document.errors as Array<{ filename?: string; reason?: string }>) ?? []) {
    report.problems.push(`Bandit could not scan ${error.filename ?? 'a file'}: ${error.reason ?? 'no reason given'}`)
  }
  for (const result of (document.results as BanditResult[]) ?? []) {
    const id = result.test_id ?? 'bandit'
    report.findings.push({
      tool: 'Bandit',
      category: 'sast',
      id,
      aliases: [],
      severity: fromWord(result.issue_severity),
      location: result.filename ? { file: result.filename, line: result.line_number } : undefined,
      message: result.issue_text ?? id,
      fingerprint: fingerprintOf('Bandit', id, result.filename, result.line_number),
      report: file,
    })
  }
  return report
}

interface SemgrepResult {
  check_id?: string
  path?: string
  start?: { line?: number }
  extra?: { severity?: string; message?: string; fingerprint?: string; metadata?: { cwe?: unknown } }
}

/** Semgrep JSON: ERROR/WARNING/INFO (and newer CRITICAL/HIGH/MEDIUM/LOW); `errors[]` fail closed. */
export function parseSemgrep(file: string, document: Record<string, unknown>): ParsedSecurityReport {
  const report = emptyReport(file, 'Semgrep', 'semgrep-json', ['sast'])
  for (const error of (document.errors as Array<{ message?: string; level?: string }>) ?? []) {
    if (error.level !== 'warn') report.problems.push(`Semgrep reported an error: ${error.message ?? 'no message'}`)
  }
  const seen = new Set<string>()
  for (const result of (document.results as SemgrepResult[]) ?? []) {
    const id = result.check_id ?? 'semgrep'
    const fingerprint = fingerprintOf('Semgrep', id, result.path, result.start?.line)
    // Semgrep can report the very same match twice.
    if (seen.has(fingerprint)) continue
    seen.add(fingerprint)
    report.findings.push({
      tool: 'Semgrep',
      category: 'sast',
      id,
      aliases: [],
      severity: fromWord(result.extra?.severity),
      location: result.path ? { file: result.path, line: result.start?.line } : undefined,
      message: result.extra?.message ?? id,
      fingerprint,
      report: file,
    })
  }
  return report
}
