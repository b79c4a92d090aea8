import { join } from 'node:path'
import { readJsonFile } from '@shipgate/core/action'
import { repoRoot } from '../../../../tools/lib/action-yml.js'
import { isDict, type Dict } from '../json.js'
import type { ParsedSecurityReport } from '../model.js'
import { detectAndParse } from '../detect.js'

/** The absolute path of a report in tests/fixtures/corpus. */
export const corpusPath = (path: string): string => join(repoRoot, 'tests', 'fixtures', 'corpus', path)

/** A report of tests/fixtures/corpus, read as the action reads it (BOMs, UTF-16). */
export function corpusDocument(path: string): unknown {
  return readJsonFile(corpusPath(path), 'a corpus report')
}

export function corpusObject(path: string): Dict {
  const document = corpusDocument(path)
  if (!isDict(document)) throw new Error(`${path} is not a JSON object`)
  return document
}

/** Findings by severity, as the outputs count them. */
export function bySeverity(report: ParsedSecurityReport): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const finding of report.findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1
  return counts
}

/** The one report a corpus file holds, detected and read as the action reads it. */
export function onlyReport(path: string): ParsedSecurityReport {
  const [report, ...more] = detectAndParse(corpusPath(path))
  if (!report || more.length > 0) throw new Error(`${path} holds ${more.length + (report ? 1 : 0)} reports`)
  return report
}
