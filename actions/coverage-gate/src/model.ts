/**
 * Whether each line is measured and covered, in one byte per line (0: not measured, 1: missed,
 * 2: covered), not a Map: a 500 MB report holds tens of millions of lines, and a Map entry costs
 * fifty times a byte. Hit counts beyond covered-or-not are never used, so they are not kept.
 */
export class LineHits {
  private state = new Uint8Array(64)
  size = 0

  /** 1 for a covered line, 0 for a missed one, undefined for a line not measured. */
  get(line: number): number | undefined {
    const value = line < this.state.length ? (this.state[line] ?? 0) : 0
    return value === 0 ? undefined : value - 1
  }

  set(line: number, hits: number): void {
    if (line >= this.state.length) {
      const grown = new Uint8Array(Math.max(line + 1, this.state.length * 2))
      grown.set(this.state)
      this.state = grown
    }
    if (this.state[line] === 0) this.size += 1
    this.state[line] = hits > 0 ? 2 : 1
  }

  *entries(): IterableIterator<[number, number]> {
    for (let line = 0; line < this.state.length; line++) {
      const value = this.state[line] ?? 0
      if (value > 0) yield [line, value - 1]
    }
  }

  *values(): IterableIterator<number> {
    for (const [, hits] of this.entries()) yield hits
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries()
  }
}

/**
 * Branch flags by line, packed per file: the lines that have branches, sorted, each pointing at a
 * region [count, capacity, flag…] of one Uint16Array. A Map of arrays costs ~200 bytes per line
 * with branches; this, ~14.
 */
export class BranchFlags {
  private lines = new Int32Array(8)
  private offsets = new Int32Array(8)
  private store = new Uint16Array(64)
  private used = 0
  size = 0

  /** Index of `line` among the branch lines, or -(insertion point) - 1. Parsers go in line order. */
  private find(line: number): number {
    const last = this.size - 1
    if (last < 0 || (this.lines[last] ?? 0) < line) return -this.size - 1
    if (this.lines[last] === line) return last
    let low = 0
    let high = last
    while (low <= high) {
      const mid = (low + high) >> 1
      const value = this.lines[mid] ?? 0
      if (value === line) return mid
      if (value < line) low = mid + 1
      else high = mid - 1
    }
    return -low - 1
  }

  private allocate(capacity: number): number {
    if (this.used + capacity + 2 > this.store.length) {
      const grown = new Uint16Array(Math.max(this.used + capacity + 2, this.store.length * 2))
      grown.set(this.store)
      this.store = grown
    }
    const offset = this.used
    this.used += capacity + 2
    this.store[offset] = 0
    this.store[offset + 1] = capacity
    return offset
  }

  private insert(at: number, line: number, offset: number): void {
    if (this.size === this.lines.length) {
      const lines = new Int32Array(this.size * 2)
      const offsets = new Int32Array(this.size * 2)
      lines.set(this.lines)
      offsets.set(this.offsets)
      this.lines = lines
      this.offsets = offsets
    }
    this.lines.copyWithin(at + 1, at, this.size)
    this.offsets.copyWithin(at + 1, at, this.size)
    this.lines[at] = line
    this.offsets[at] = offset
    this.size += 1
  }

  countAt(line: number): number {
    const index = this.find(line)
    return index < 0 ? 0 : (this.store[this.offsets[index] ?? 0] ?? 0)
  }

  /** Sets branch `index` of `line`, adding branches up to it; taken stays taken. */
  mark(line: number, index: number, taken: boolean): void {
    let at = this.find(line)
    if (at < 0) {
      at = -at - 1
      this.insert(at, line, this.allocate(Math.max(2, index + 1)))
    }
    let offset = this.offsets[at] ?? 0
    const count = this.store[offset] ?? 0
    if (index >= (this.store[offset + 1] ?? 0)) {
      const moved = this.allocate(Math.max(index + 1, (this.store[offset + 1] ?? 0) * 2))
      this.store.copyWithin(moved + 2, offset + 2, offset + 2 + count)
      this.store[moved] = count
      this.offsets[at] = moved
      offset = moved
    }
    if (index >= count) {
      this.store.fill(0, offset + 2 + count, offset + 2 + index + 1)
      this.store[offset] = index + 1
    }
    if (taken) this.store[offset + 2 + index] = 1
  }

  get(line: number): boolean[] | undefined {
    const index = this.find(line)
    return index < 0 ? undefined : this.flagsAt(index)
  }

  private flagsAt(index: number): boolean[] {
    const offset = this.offsets[index] ?? 0
    return Array.from(this.store.subarray(offset + 2, offset + 2 + (this.store[offset] ?? 0)), (flag) => flag === 1)
  }

  *entries(): IterableIterator<[number, boolean[]]> {
    for (let index = 0; index < this.size; index++) yield [this.lines[index] ?? 0, this.flagsAt(index)]
  }

  *values(): IterableIterator<boolean[]> {
    for (const [, flags] of this.entries()) yield flags
  }

  [Symbol.iterator](): IterableIterator<[number, boolean[]]> {
    return this.entries()
  }
}

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
  file.lines.set(line, (file.lines.get(line) ?? 0) + Math.max(0, hits))
}

/** Branch flags merge by index: a branch is taken if any source took it. */
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
