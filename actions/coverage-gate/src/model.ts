import { BranchFlags } from './branch-flags.js'
import { LineHits } from './line-hits.js'

/** Coverage of one source file: the one per-line model every parser produces. */
export interface FileCoverage {
  /** As the report names it; mapped onto a repository path later. */
  path: string
  /** Line number → 1 (covered) or 0 (missed). A line in it is measured. */
  lines: LineHits
  /** Line number → one flag per branch on that line: was it taken. */
  branches: BranchFlags
  /** Go's headline unit: statements from the coverprofile's blocks. */
  statements?: { total: number; covered: number }
  /** coverage-summary.json has totals only, no lines. */
  summary?: { linesTotal: number; linesCovered: number; branchesTotal: number; branchesCovered: number }
}

/** Covered of total, as a report states it. */
export interface Tally {
  covered: number
  total: number
}

/** The totals a report states about itself, beside its line data. */
export interface StatedTotals {
  lines?: Tally
  branches?: Tally
  /** Where the report states them, e.g. "root lines-covered/lines-valid". */
  where: string
  /** What the report states that cannot be true (covered above valid), in words. */
  contradictions?: readonly string[]
}

/** A stated count pair, when both are whole numbers and covered ≤ total; else the report states none. */
export function tally(covered: string | number | undefined, total: string | number | undefined): Tally | undefined {
  const [c, t] = [covered, total].map((value) =>
    typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value ?? '') ? Number(value) : Number.NaN,
  )
  return c !== undefined && t !== undefined && Number.isSafeInteger(c) && Number.isSafeInteger(t) && c <= t
    ? { covered: c, total: t }
    : undefined
}

export interface ParsedReport {
  file: string
  format: string
  files: FileCoverage[]
  /** The report's own totals, when its format states them. */
  stated?: StatedTotals
  /** Cobertura `<source>` roots, tried when mapping relative class file names. */
  sourceRoots: string[]
  /** Go module paths from the profile's import paths are mapped with go.mod. */
  goImportPaths?: boolean
  /** What the parser had to leave out, said in the log and the summary. */
  warnings?: string[]
}

export function newFile(path: string): FileCoverage {
  return { path, lines: new LineHits(), branches: new BranchFlags() }
}

/** A line is covered when any entry for it (duplicates, merged legs) covered it. */
export function addLine(file: FileCoverage, line: number, hits: number): void {
  file.lines.set(line, hits)
}

/** Marks the line's branches from index `first` on (a report listing several conditions on one line). */
export function addBranches(file: FileCoverage, line: number, taken: readonly boolean[], first = 0): void {
  for (let i = 0; i < taken.length; i++) file.branches.mark(line, first + i, taken[i] ?? false)
}

/**
 * A copy of `text` that owns its characters. A string cut from a 1 MiB chunk keeps the whole
 * chunk alive in V8; a path kept per file would keep the entire report in memory.
 */
export function ownString(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8')
}

/** A lookup that makes one FileCoverage per path. */
export function fileTable(): { get(path: string): FileCoverage; all(): FileCoverage[] } {
  const files = new Map<string, FileCoverage>()
  return {
    get(path) {
      let file = files.get(path)
      if (!file) {
        file = newFile(ownString(path))
        files.set(file.path, file)
      }
      return file
    },
    all: () => [...files.values()],
  }
}
