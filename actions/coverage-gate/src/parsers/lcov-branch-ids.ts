// Which branch of its line each LCOV BRDA id is, exactly and in linear time.
import type { BranchFlags } from '../branch-flags.js'

export const LINE_KEY = 1_048_576
/**
 * The keys every file logs, in one array for the whole report: a file's keys are stretches of it
 * (its records), so tens of thousands of files need no array each.
 */
export class KeyLog {
  keys = new Float64Array(1 << 16)
  size = 0

  push(key: number): void {
    if (this.size === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2)
      grown.set(this.keys)
      this.keys = grown
    }
    this.keys[this.size++] = key
  }
}

/**
 * Which branch of its line each BRDA id is, per file: the order in which ids first appear, so a
 * file's records and the legs of a matrix merge by id, exactly. Numeric keys are line · 2²⁰ +
 * block · 2¹⁰ + branch. They nearly always come in increasing order: then each is new, the next
 * branch of its line, and is only logged. A key out of that order (a line revisited, a repeated
 * id) or an lcov 2.x expression id turns the file's log into a map once, for the rest of the
 * file: exact in every case, and linear.
 */
export class BranchIds {
  private lastKey = -1
  private lastLine = -1
  private lastIndex = -1
  /** This file's stretches of the log, as [start, end) pairs. */
  private stretches: number[] = []
  private map: Map<number | string, number> | undefined

  constructor(
    private readonly flags: BranchFlags,
    private readonly log: KeyLog,
  ) {}

  /** The index of a numeric key: the hot path, kept apart so it stays monomorphic. */
  index(line: number, key: number): number {
    if (this.map === undefined && key > this.lastKey) {
      // Keys rise, so a line other than the last one is new: its first branch.
      this.lastIndex = line === this.lastLine ? this.lastIndex + 1 : 0
      this.lastLine = line
      this.lastKey = key
      const last = this.stretches.length - 1
      if (last < 0 || this.stretches[last] !== this.log.size) this.stretches.push(this.log.size, this.log.size)
      this.log.push(key)
      this.stretches[this.stretches.length - 1] = this.log.size
      return this.lastIndex
    }
    return this.mapped(line, key)
  }

  mapped(line: number, key: number | string): number {
    const map = (this.map ??= this.mapFromLog())
    const known = map.get(key)
    if (known !== undefined) return known
    const index = this.flags.countAt(line)
    map.set(key, index)
    return index
  }

  /** The logged keys are increasing, so each line's are together, in the order of their branches. */
  private mapFromLog(): Map<number | string, number> {
    const map = new Map<number | string, number>()
    let line = -1
    let index = 0
    for (let stretch = 0; stretch < this.stretches.length; stretch += 2) {
      for (let i = this.stretches[stretch] ?? 0; i < (this.stretches[stretch + 1] ?? 0); i++) {
        const key = this.log.keys[i] ?? 0
        const at = Math.floor(key / LINE_KEY)
        index = at === line ? index + 1 : 0
        line = at
        map.set(key, index)
      }
    }
    this.stretches = []
    return map
  }
}
