import { FileError, readJsonObject } from '@shipgate/core/action'
import { newFile, tally, type FileCoverage, type ParsedReport } from '../model.js'

interface Metric {
  total?: number
  covered?: number
}

const EXPECTED = 'istanbul coverage-summary.json (files with lines.total and lines.covered)'

/** coverage-summary.json has per-file totals and no lines: it counts, but cannot give patch coverage. */
export function parseIstanbulSummary(file: string): ParsedReport {
  const document = readJsonObject(file, EXPECTED)
  const files: FileCoverage[] = []
  for (const [key, value] of Object.entries(document)) {
    if (key === 'total') continue
    const metrics = value as { lines?: Metric; branches?: Metric }
    if (typeof metrics?.lines?.total !== 'number' || typeof metrics.lines.covered !== 'number') {
      throw new FileError(file, `entry '${key.slice(0, 80)}' has no lines.total/lines.covered: expected ${EXPECTED}`)
    }
    const coverage = newFile(key)
    coverage.summary = {
      linesTotal: metrics.lines.total,
      linesCovered: metrics.lines.covered,
      branchesTotal: metrics.branches?.total ?? 0,
      branchesCovered: metrics.branches?.covered ?? 0,
    }
    files.push(coverage)
  }
  const total = document.total as { lines?: Metric; branches?: Metric } | undefined
  const lines = tally(total?.lines?.covered, total?.lines?.total)
  const stated = lines
    ? { lines, branches: tally(total?.branches?.covered, total?.branches?.total), where: 'total.lines, total.branches' }
    : undefined
  return { file, format: 'istanbul-summary', files, sourceRoots: [], stated }
}
