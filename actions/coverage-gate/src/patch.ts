import type { Diff } from './diff.js'
import type { FileCoverage } from './model.js'

export interface PatchFile {
  path: string
  covered: number
  total: number
  /** Changed lines the reports measure but no test ran, in ascending order. */
  uncovered: number[]
}

/** Coverage of the changed lines; lines the reports do not measure (comments, blank lines) do not count. */
export function patchCoverage(diff: Diff, files: ReadonlyMap<string, FileCoverage>): PatchFile[] {
  const result: PatchFile[] = []
  for (const [path, added] of diff.added) {
    const file = files.get(path)
    if (!file) continue
    const entry: PatchFile = { path, covered: 0, total: 0, uncovered: [] }
    for (const line of [...added].sort((a, b) => a - b)) {
      const hits = file.lines.get(line)
      if (hits === undefined) continue
      entry.total += 1
      if (hits > 0) entry.covered += 1
      else entry.uncovered.push(line)
    }
    if (entry.total > 0) result.push(entry)
  }
  return result
}

/** The changed lines of some patch files, measured and covered, for a patch rule. */
export function patchTotals(files: readonly PatchFile[]): { covered: number; total: number } {
  let covered = 0
  let total = 0
  for (const file of files) {
    covered += file.covered
    total += file.total
  }
  return { covered, total }
}

/** Consecutive line numbers as ranges, for one annotation per uncovered block. */
export function toRanges(lines: readonly number[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  for (const line of lines) {
    const last = ranges[ranges.length - 1]
    if (last && line === last[1] + 1) last[1] = line
    else ranges.push([line, line])
  }
  return ranges
}
