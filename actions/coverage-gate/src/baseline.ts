import { FileError, readShipgateReport } from '@shipgate/core/action'
import type { Diff } from './diff.js'

/** Per file: which lines were measured and which covered. What report-json stores, and a baseline holds. */
export interface StoredFile {
  covered: number[]
  uncovered: number[]
  /** Totals-only files (Go statements, coverage-summary.json) store their counts. */
  total?: number
  coveredCount?: number
}

export interface StoredReport {
  kind: 'shipgate/coverage-report'
  version: 1
  files: Record<string, StoredFile>
}

export function readBaseline(file: string): StoredReport {
  const report = readShipgateReport(file, 'shipgate/coverage-report', 'coverage-gate') as Partial<StoredReport>
  if (typeof report.files !== 'object' || report.files === null) {
    throw new FileError(file, 'has no "files": expected the report-json output of an earlier coverage-gate step')
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
    const kept = (lines: number[]) => (removed ? lines.filter((line) => !removed.has(line)).length : lines.length)
    covered += kept(file.covered)
    total += kept(file.covered) + kept(file.uncovered)
  }
  return total === 0 ? undefined : (covered / total) * 100
}
