// The branch flags of one file's lines, packed.
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
