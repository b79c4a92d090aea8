import { describe, expect, it } from '@jest/globals'
import { mannWhitney, normalCdf, quantileRatio, seededRandom, twoProportions } from './stats.js'

// scipy's own example (scipy.stats.mannwhitneyu docs): ages at diagnosis, no ties.
const males = [19, 22, 16, 29, 24]
const females = [20, 11, 17, 12]

describe('mannWhitney, against scipy.stats.mannwhitneyu(method="asymptotic")', () => {
  it('two-sided: U = 17 and p = 0.11134688653314041, as scipy prints', () => {
    const test = mannWhitney(males, females, 'two-sided')
    expect(test.u).toBe(17)
    expect(test.p).toBeCloseTo(0.11134688653314041, 6)
  })
  it('one-sided greater: half the two-sided p, since U1 is the larger U', () => {
    expect(mannWhitney(males, females, 'greater').p).toBeCloseTo(0.11134688653314041 / 2, 6)
  })
  it('the tie-corrected variance equals the exact variance of U over every relabelling', () => {
    const x = [1, 2, 2, 3]
    const y = [2, 3, 3, 5, 8]
    const pooled = [...x, ...y]
    // Every way to pick which 4 of the 9 values are "x": the permutation distribution of U.
    const us: number[] = []
    const pick = (start: number, chosen: number[]) => {
      if (chosen.length === x.length) {
        const xs = chosen.map((i) => pooled[i] ?? 0)
        const ys = pooled.filter((_, i) => !chosen.includes(i))
        us.push(xs.reduce((sum, a) => sum + ys.reduce((s, b) => s + (a > b ? 1 : a === b ? 0.5 : 0), 0), 0))
        return
      }
      for (let i = start; i < pooled.length; i++) pick(i + 1, [...chosen, i])
    }
    pick(0, [])
    const mean = us.reduce((a, b) => a + b, 0) / us.length
    const variance = us.reduce((sum, u) => sum + (u - mean) ** 2, 0) / us.length
    expect(mannWhitney(x, y).sd ** 2).toBeCloseTo(variance, 9)
    expect(mannWhitney(x, y).u).toBe(
      x.reduce((sum, a) => sum + y.reduce((s, b) => s + (a > b ? 1 : a === b ? 0.5 : 0), 0), 0),
    )
  })
  it('identical samples are not significant', () => {
    expect(mannWhitney([5, 6, 7, 8], [5, 6, 7, 8]).p).toBeGreaterThan(0.5)
  })
})

describe('normalCdf and twoProportions', () => {
  it('normalCdf at the 97.5% and 2.5% points', () => {
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6)
    expect(normalCdf(-1.959963985)).toBeCloseTo(0.025, 6)
  })
  it('1 failure of 300 against 10 of 300: pooled z = 2.7388, one-sided p = 0.003083 (worked by hand)', () => {
    // pooled = 11/600; se = sqrt(11/600 · 589/600 · 2/300) = 0.0109538; z = (10/300 − 1/300) / se
    const test = twoProportions(1, 300, 10, 300)
    expect(test.increasePts).toBeCloseTo(3, 9)
    expect(test.z).toBeCloseTo(2.73878, 4)
    expect(test.p).toBeCloseTo(0.003083, 5)
  })
  it('no failure on either side is no increase', () => {
    expect(twoProportions(0, 100, 0, 100)).toEqual({ increasePts: 0, z: 0, p: 1 })
  })
})

describe('quantileRatio: a seeded percentile bootstrap', () => {
  const base = Array.from({ length: 400 }, (_, i) => 40 + (i % 41))
  const options = () => ({ resamples: 1000, level: 0.95, random: seededRandom(7) })
  it('the same distribution: ratio 1, an interval around it', () => {
    const same = quantileRatio(base, [...base].reverse(), 0.5, options())
    expect(same.ratio).toBe(1)
    expect(same.low).toBeLessThanOrEqual(1)
    expect(same.high).toBeGreaterThanOrEqual(1)
  })
  it('40% slower: the interval holds 1.4 and excludes 1', () => {
    const slower = quantileRatio(
      base.map((v) => v * 1.4),
      base,
      0.95,
      options(),
    )
    expect(slower.ratio).toBeCloseTo(1.4, 6)
    expect(slower.low).toBeGreaterThan(1.2)
    expect(slower.high).toBeLessThan(1.6)
  })
  it('the same seed gives the same interval', () => {
    expect(quantileRatio(base, base, 0.99, options())).toEqual(quantileRatio(base, base, 0.99, options()))
  })
})
