import { describe, expect, it } from '@jest/globals'
import { BranchFlags, LineHits } from './model.js'

describe('BranchFlags', () => {
  it('keeps flags per line in any order, merges by index and grows regions', () => {
    const flags = new BranchFlags()
    flags.mark(10, 0, true)
    flags.mark(10, 1, false)
    flags.mark(3, 0, false)
    flags.mark(10, 5, true)
    flags.mark(3, 0, true)
    flags.mark(7, 2, false)
    expect([...flags]).toEqual([
      [3, [true]],
      [7, [false, false, false]],
      [10, [true, false, false, false, false, true]],
    ])
    expect([flags.size, flags.countAt(10), flags.countAt(4)]).toEqual([3, 6, 0])
  })
})

describe('LineHits', () => {
  it('records measured lines, covered if any entry covered them', () => {
    const lines = new LineHits()
    lines.set(500, 0)
    lines.set(2, 3)
    lines.set(500, 1)
    expect([...lines]).toEqual([
      [2, 1],
      [500, 1],
    ])
    expect([lines.size, lines.get(3)]).toEqual([2, undefined])
  })
})
