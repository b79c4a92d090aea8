import { FileError, readShipgateReport } from '@shipgate/core/action'
import type { Diff } from './diff.js'
import { unpackLines } from './line-hits.js'

/**
 * Per file: which lines were measured and which covered. What report-json stores, and a baseline
 * holds. Version 2 writes `lines`: two bits a line from line 1 (0 not measured, 1 missed, 2
 * covered), four lines a byte, the first in the low bits, in base64 — a third of a byte per source
 * line, a twentieth of version 1's arrays of line numbers, which are still read.
 */
export interface StoredFile {
  lines?: string
  covered?: number[]
  uncovered?: number[]
  /** Totals-only files (Go statements, coverage-summary.json) store their counts. */
  total?: number
  coveredCount?: number
}

/** A component's numbers as a run measured them (or carried them, from `carriedFrom`). */
export interface StoredComponent {
  lines: { covered: number; total: number }
  branches: { covered: number; total: number }
  status: 'passed' | 'failed' | 'carried'
  carriedFrom?: string
}

export interface StoredReport {
  kind: 'shipgate/coverage-report'
  version: 1 | 2
  files: Record<string, StoredFile>
  /** The commit measured, for the components a later run carries forward. */
  commit?: string
  components?: Record<string, StoredComponent>
}

/** Calls `visit` for each measured line of a stored file, either version. */
function forEachStoredLine(file: StoredFile, visit: (line: number, covered: boolean) => void): void {
  if (typeof file.lines === 'string') return unpackLines(file.lines, visit)
  for (const line of file.covered ?? []) visit(line, true)
  for (const line of file.uncovered ?? []) visit(line, false)
}

const isTally = (value: unknown): boolean => {
  const tally = value as { covered?: unknown; total?: unknown } | null
  return (
    typeof tally === 'object' &&
    tally !== null &&
    Number.isSafeInteger(tally.covered) &&
    Number.isSafeInteger(tally.total) &&
    (tally.covered as number) >= 0 &&
    (tally.covered as number) <= (tally.total as number)
  )
}

/** `carryforward`: the components the baseline must hold numbers for, to carry them; none to check. */
export function readBaseline(file: string, carryforward?: string): StoredReport {
  const report = readShipgateReport(file, 'shipgate/coverage-report', 'coverage-gate') as Partial<StoredReport>
  if (typeof report.files !== 'object' || report.files === null) {
    throw new FileError(file, 'has no "files": expected the report-json output of an earlier coverage-gate step')
  }
  const components = report.components
  if (carryforward !== undefined && (typeof components !== 'object' || components === null))
    throw new FileError(
      file,
      `has no components: carryforward (${carryforward}) needs the report-json of a run with components set`,
    )
  for (const [name, entry] of Object.entries(components ?? {})) {
    if (!isTally(entry.lines) || !isTally(entry.branches))
      throw new FileError(
        file,
        `component ${name} has no whole lines and branches counts: expected a coverage-gate report-json`,
      )
  }
  return report as StoredReport
}

/**
 * The baseline's line coverage, minus what the change deleted: files that are gone and lines the
 * diff removed. Deleting covered code is not a drop, so it must not count against the change.
 */
export function baselinePct(
  baseline: StoredReport,
  stillExists: (path: string) => boolean,
  diff: Diff | undefined,
): number | undefined {
  let total = 0
  let covered = 0
  for (const [path, file] of Object.entries(baseline.files)) {
    if (!stillExists(path)) continue
    if (file.total !== undefined) {
      total += file.total
      covered += file.coveredCount ?? 0
      continue
    }
    const removed = diff?.removed.get(path)
    forEachStoredLine(file, (line, isCovered) => {
      if (removed?.has(line)) return
      total += 1
      if (isCovered) covered += 1
    })
  }
  return total === 0 ? undefined : (covered / total) * 100
}
