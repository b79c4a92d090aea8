import { describe, expect, it } from '@jest/globals'
import { BranchFlags } from './branch-flags.js'
import { LineHits, unpackLines } from './line-hits.js'

describe('BranchFlags', () => {
  it('keeps flags per line in any order, merges by index, grows regions, and counts as it goes', () => {
    const flags = new BranchFlags()
    flags.mark(10, 0, true)
    flags.mark(10, 1, false)
    flags.mark(3, 0, false)
    flags.mark(10, 5, true)
    flags.mark(3, 0, true)
    flags.mark(7, 2, false)
    flags.mark(10, 5, true)
    expect([flags.get(3), flags.get(7), flags.get(10), flags.get(4)]).toEqual([
      [true],
      [false, false, false],
      [true, false, false, false, false, true],
      undefined,
    ])
    expect([flags.size, flags.countAt(10), flags.countAt(4), flags.total, flags.taken]).toEqual([3, 6, 0, 10, 3])
  })

  it('merges another file’s flags: taken where either took them, the longer line wins', () => {
    const a = new BranchFlags()
    a.mark(2, 0, true)
    a.mark(2, 1, false)
    const b = new BranchFlags()
    b.mark(2, 1, true)
    b.mark(2, 2, false)
    b.mark(9, 0, false)
    a.mergeFrom(b)
    expect([a.get(2), a.get(9), a.total, a.taken]).toEqual([[true, true, false], [false], 4, 2])
  })
})

describe('LineHits', () => {
  it('records measured lines, covered if any entry covered them, and counts as it goes', () => {
    const lines = new LineHits()
    lines.set(500, 0)
    lines.set(2, 3)
    lines.set(500, 1)
    lines.set(2, 0)
    expect([lines.size, lines.covered, lines.get(2), lines.get(3), lines.get(500)]).toEqual([2, 2, 1, undefined, 1])
  })

  it('merges another file’s lines, and packs them two bits a line', () => {
    const a = new LineHits()
    a.set(1, 0)
    a.set(3, 1)
    const b = new LineHits()
    b.set(1, 4)
    b.set(2, 0)
    b.set(6, 0)
    a.mergeFrom(b)
    expect([a.size, a.covered]).toEqual([4, 2])
    // Lines 1-4: covered, missed, covered, none → 0b00_10_01_10; lines 5-6: none, missed → 0b1000_00.
    expect([...Buffer.from(a.pack(), 'base64')]).toEqual([0b00100110, 0b00000100])
    const unpacked: Array<[number, boolean]> = []
    unpackLines(a.pack(), (line, covered) => unpacked.push([line, covered]))
    expect(unpacked).toEqual([
      [1, true],
      [2, false],
      [3, true],
      [6, false],
    ])
    expect(new LineHits().pack()).toBe('')
  })
})
