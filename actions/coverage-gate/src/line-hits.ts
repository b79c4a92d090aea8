// The lines of one file, measured and covered, one byte each.
const NO_BYTES = new Uint8Array(0)

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
