import type { FileCoverage, ParsedReport } from './model.js'
import { bestSuffixFits, mapPath, normalize, type MapContext } from './paths.js'
import { compileGlobs } from './globs.js'

export interface Merged {
  /** Repository path → coverage, union of every report. */
  files: Map<string, FileCoverage>
  /** Report paths that match no repository file, with the report that named them and their lines. */
  /** `fits`: the repository files that fit equally well, when more than one does. */
  unmatched: Array<{ report: string; path: string; lines: number; linesCovered: number; fits?: string[] }>
  excluded: number
  /** Every line the reports name, matched or not: the reports' own line total. */
  reported: { lines: number; linesCovered: number }
}

/**
 * Merges reports line by line after mapping their paths: a line or branch is covered when any
 * report covered it, so matrix legs and test shards add up to their union.
 */
export function mergeReports(
  reports: readonly ParsedReport[],
  context: MapContext,
  exclude: readonly string[],
): Merged {
  const files = new Map<string, FileCoverage>()
  const unmatched: Merged['unmatched'] = []
  let excluded = 0
  const excludes = compileGlobs(exclude)
  const reported = { lines: 0, linesCovered: 0 }
  for (const report of reports) {
    for (const file of report.files) {
      const own = countFile(file)
      reported.lines += own.linesTotal
      reported.linesCovered += own.linesCovered
      const path = mapPath(file.path, report.sourceRoots, context, report.goImportPaths ?? false)
      if (path === undefined) {
        const fits = bestSuffixFits(normalize(file.path), context.repo)
        unmatched.push({
          report: report.file,
          path: normalize(file.path),
          lines: own.linesTotal,
          linesCovered: own.linesCovered,
          ...(fits.length > 1 ? { fits } : {}),
        })
        continue
      }
      if (excludes(path)) {
        excluded += 1
        continue
      }
      const target = files.get(path)
      if (!target) {
        // The first file for a path is taken over, not copied: the reports' line data is not read
        // again after merging, and a copy would double the memory of the largest reports.
        files.set(path, { ...file, path })
        continue
      }
      target.lines.mergeFrom(file.lines)
      target.branches.mergeFrom(file.branches)
      // Totals-only data (Go statements, istanbul summaries) cannot be unioned: the best leg counts.
      if (file.statements) {
        const prior = target.statements
        target.statements = prior && prior.covered >= file.statements.covered ? prior : file.statements
      }
      if (file.summary && !(target.summary && target.summary.linesCovered >= file.summary.linesCovered)) {
        target.summary = file.summary
      }
    }
  }
  return { files, unmatched, excluded, reported }
}

export interface Counts {
  linesTotal: number
  linesCovered: number
  branchesTotal: number
  branchesCovered: number
}

/** A file's counts: Go counts statements (its headline), a summary-only file its totals, else lines. */
export function countFile(file: FileCoverage): Counts {
  const branchesTotal = file.branches.total
  const branchesCovered = file.branches.taken
  if (file.statements)
    return { linesTotal: file.statements.total, linesCovered: file.statements.covered, branchesTotal, branchesCovered }
  if (file.lines.size === 0 && file.summary) {
    return { ...file.summary }
  }
  return { linesTotal: file.lines.size, linesCovered: file.lines.covered, branchesTotal, branchesCovered }
}

export function sumCounts(counts: Iterable<Counts>): Counts {
  const total: Counts = { linesTotal: 0, linesCovered: 0, branchesTotal: 0, branchesCovered: 0 }
  for (const count of counts) {
    total.linesTotal += count.linesTotal
    total.linesCovered += count.linesCovered
    total.branchesTotal += count.branchesTotal
    total.branchesCovered += count.branchesCovered
  }
  return total
}
