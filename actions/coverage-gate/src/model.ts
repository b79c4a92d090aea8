/**
 * Whether each line is measured and covered, in one byte per line (0: not measured, 1: missed,
 * 2: covered), not a Map: a 500 MB report holds tens of millions of lines, and a Map entry costs
 * fifty times a byte. The states rise in that order, so merging keeps the greater. Hit counts
 * beyond covered-or-not are never used, so they are not kept; the counts are kept as lines are
 * set, so totals never walk the lines.
 */
export class LineHits {
  // Typed arrays are allocated on first use: a report names tens of thousands of files.
  private state = NO_BYTES
  /** The highest line measured. */
  private last = 0
  size = 0
  covered = 0

  /** 1 for a covered line, 0 for a missed one, undefined for a line not measured. */
  get(line: number): number | undefined {
    const value = line < this.state.length ? (this.state[line] ?? 0) : 0
    return value === 0 ? undefined : value - 1
  }

  /** Records a line's hits; a line any entry covered stays covered. */
  set(line: number, hits: number): void {
    this.raise(line, hits > 0 ? 2 : 1)
  }

  private raise(line: number, value: number): void {
    if (line >= this.state.length) {
      const grown = new Uint8Array(Math.max(line + 1, 256, this.state.length * 2))
      grown.set(this.state)
      this.state = grown
    }
    const before = this.state[line] ?? 0
    if (value <= before) return
    if (before === 0) this.size += 1
    if (value === 2) this.covered += 1
    this.state[line] = value
    if (line > this.last) this.last = line
  }

  /** The union with another file's lines: covered where either covered. */
  mergeFrom(other: LineHits): void {
    for (let line = 1; line <= other.last; line++) {
      const value = other.state[line] ?? 0
      if (value > (this.state[line] ?? 0)) this.raise(line, value)
    }
  }

  /**
   * The states of lines 1 to the last measured, two bits a line, four lines a byte, the first in
   * the low bits, in base64: what report-json stores, a third of a byte per source line.
   */
  pack(): string {
    const packed = Buffer.allocUnsafe(Math.ceil(this.last / 4))
    const state = this.state
    // Four lines a step; past the array's end, a line reads as not measured.
    for (let at = 0, line = 1; at < packed.length; at++, line += 4)
      packed[at] =
        (state[line] ?? 0) |
        ((state[line + 1] ?? 0) << 2) |
        ((state[line + 2] ?? 0) << 4) |
        ((state[line + 3] ?? 0) << 6)
    return packed.toString('base64')
  }
}

/** Calls `visit` for each measured line of a pack(). */
export function unpackLines(packed: string, visit: (line: number, covered: boolean) => void): void {
  const bytes = Buffer.from(packed, 'base64')
  for (let i = 0; i < bytes.length * 4; i++) {
    const state = ((bytes[i >> 2] ?? 0) >> ((i & 3) << 1)) & 3
    if (state !== 0) visit(i + 1, state === 2)
  }
}

const NO_BYTES = new Uint8Array(0)
const NO_LINES = new Int32Array(0)
const NO_FLAGS = new Uint16Array(0)

/**
 * Branch flags by line, packed per file: the lines that have branches, sorted, each pointing at a
 * region [count, capacity, flag…] of one Uint16Array. A Map of arrays costs ~200 bytes per line
 * with branches; this, ~14. Totals are kept as flags are marked.
 */
export class BranchFlags {
  private lines = NO_LINES
  private offsets = NO_LINES
  private store = NO_FLAGS
  private used = 0
  /** Lines with branches. */
  size = 0
  total = 0
  taken = 0

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
      const grown = new Uint16Array(Math.max(this.used + capacity + 2, 256, this.store.length * 2))
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
    if (at === this.size && this.size < this.lines.length) {
      // Parsers go in line order: nearly every line is appended.
      this.lines[at] = line
      this.offsets[at] = offset
      this.size += 1
      return
    }
    if (this.size === this.lines.length) {
      const lines = new Int32Array(Math.max(64, this.size * 2))
      const offsets = new Int32Array(Math.max(64, this.size * 2))
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
    // Parsers mostly add the next branch of the last line, or the first of a line after it: that
    // costs a few stores.
    const last = this.size - 1
    const lastLine = last >= 0 ? (this.lines[last] ?? 0) : -1
    if (lastLine === line) {
      const offset = this.offsets[last] ?? 0
      if (index === this.store[offset] && index < (this.store[offset + 1] ?? 0)) {
        this.store[offset] = index + 1
        this.store[offset + 2 + index] = taken ? 1 : 0
        this.total += 1
        if (taken) this.taken += 1
        return
      }
    } else if (lastLine < line && index === 0 && this.size < this.lines.length && this.used + 6 <= this.store.length) {
      const offset = this.used
      this.used += 6
      this.store[offset] = 1
      this.store[offset + 1] = 4
      this.store[offset + 2] = taken ? 1 : 0
      this.lines[this.size] = line
      this.offsets[this.size] = offset
      this.size += 1
      this.total += 1
      if (taken) this.taken += 1
      return
    }
    this.markAnywhere(line, index, taken)
  }

  /** mark() for any line and index: kept apart, so the common paths stay small enough to inline. */
  private markAnywhere(line: number, index: number, taken: boolean): void {
    let at = this.find(line)
    if (at < 0) {
      at = -at - 1
      // Most branch lines have two to four branches: room for four saves a move.
      this.insert(at, line, this.allocate(Math.max(4, index + 1)))
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
      for (let i = offset + 2 + count; i <= offset + 2 + index; i++) this.store[i] = 0
      this.store[offset] = index + 1
      this.total += index + 1 - count
    }
    if (taken && this.store[offset + 2 + index] === 0) {
      this.store[offset + 2 + index] = 1
      this.taken += 1
    }
  }

  /** The union with another file's branches, by index: taken where either took it. */
  mergeFrom(other: BranchFlags): void {
    for (let at = 0; at < other.size; at++) {
      const line = other.lines[at] ?? 0
      const offset = other.offsets[at] ?? 0
      const count = other.store[offset] ?? 0
      // The last index first: the region is sized once.
      for (let index = count - 1; index >= 0; index--) this.mark(line, index, other.store[offset + 2 + index] === 1)
    }
  }

  /** The flags of one line's branches, or undefined when it has none. */
  get(line: number): boolean[] | undefined {
    const index = this.find(line)
    if (index < 0) return undefined
    const offset = this.offsets[index] ?? 0
    return Array.from(this.store.subarray(offset + 2, offset + 2 + (this.store[offset] ?? 0)), (flag) => flag === 1)
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
