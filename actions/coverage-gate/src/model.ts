/**
 * Hit counts by line number in one typed array (-1: not measured), not a Map: a 500 MB report
 * holds tens of millions of lines, and a Map entry costs ten times what an array slot does.
 * Counts above 2^31 - 1 are clamped: only covered or not, and sums of small counts, matter.
 */
export class LineHits {
  private hits = new Int32Array(64).fill(-1)
  size = 0

  get(line: number): number | undefined {
    const value = line < this.hits.length ? (this.hits[line] ?? -1) : -1
    return value < 0 ? undefined : value
  }

  set(line: number, hits: number): void {
    if (line >= this.hits.length) {
      const grown = new Int32Array(Math.max(line + 1, this.hits.length * 2)).fill(-1)
      grown.set(this.hits)
      this.hits = grown
    }
    if ((this.hits[line] ?? -1) < 0) this.size += 1
    this.hits[line] = Math.min(2 ** 31 - 1, Math.max(0, hits))
  }

  *entries(): IterableIterator<[number, number]> {
    for (let line = 0; line < this.hits.length; line++) {
      const value = this.hits[line] ?? -1
      if (value >= 0) yield [line, value]
    }
  }

  *values(): IterableIterator<number> {
    for (const [, hits] of this.entries()) yield hits
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries()
  }
}

/** Coverage of one source file: the one per-line model every parser produces. */
export interface FileCoverage {
  /** As the report names it; mapped onto a repository path later. */
  path: string
  /** Line number → hit count. A line in it is measured; hits > 0 is covered. */
  lines: LineHits
  /** Line number → one flag per branch on that line: was it taken. */
  branches: Map<number, boolean[]>
  /** Go's headline unit: statements from the coverprofile's blocks. */
  statements?: { total: number; covered: number }
  /** coverage-summary.json has totals only, no lines. */
  summary?: { linesTotal: number; linesCovered: number; branchesTotal: number; branchesCovered: number }
}

export interface ParsedReport {
  file: string
  format: string
  files: FileCoverage[]
  /** Cobertura `<source>` roots, tried when mapping relative class file names. */
  sourceRoots: string[]
  /** Go module paths from the profile's import paths are mapped with go.mod. */
  goImportPaths?: boolean
  /** What the parser had to leave out, said in the log and the summary. */
  warnings?: string[]
}

export function newFile(path: string): FileCoverage {
  return { path, lines: new LineHits(), branches: new Map() }
}

/** Adds hits to a line: several entries for one line (duplicates, merged legs) add up. */
export function addLine(file: FileCoverage, line: number, hits: number): void {
  file.lines.set(line, (file.lines.get(line) ?? 0) + Math.max(0, hits))
}

/** Branch flags merge by index: a branch is taken if any source took it. */
export function addBranches(file: FileCoverage, line: number, taken: readonly boolean[]): void {
  const existing = file.branches.get(line)
  if (!existing) {
    file.branches.set(line, [...taken])
    return
  }
  for (let i = 0; i < taken.length; i++) existing[i] = (existing[i] ?? false) || (taken[i] ?? false)
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
