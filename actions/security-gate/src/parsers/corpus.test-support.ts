import { join } from 'node:path'
import { readJsonFile } from '@shipgate/core/action'
import { repoRoot } from '../../../../tools/lib/action-yml.js'
import { isDict, type Dict } from '../json.js'
import type { ParsedSecurityReport } from '../model.js'

/** A report of tests/fixtures/corpus, read as the action reads it (BOMs, UTF-16). */
export function corpusDocument(path: string): unknown {
  return readJsonFile(join(repoRoot, 'tests', 'fixtures', 'corpus', path), 'a corpus report')
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
