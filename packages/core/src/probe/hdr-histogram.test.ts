import { describe, expect, it } from '@jest/globals'
import { HdrHistogram } from './hdr-histogram.js'

function exactPercentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

describe('HdrHistogram', () => {
  it('matches exact percentiles to within 0.1 % over six orders of magnitude', () => {
    const histogram = new HdrHistogram()
    const values: number[] = []
    let seed = 42
    for (let i = 0; i < 50_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      const value = Math.round(10 ** (1 + (seed / 2 ** 31) * 6))
      values.push(value)
      histogram.record(value)
    }
    values.sort((a, b) => a - b)
    for (const p of [1, 50, 90, 95, 99, 99.9]) {
      const exact = exactPercentile(values, p)
      expect(Math.abs(histogram.percentile(p) - exact) / exact).toBeLessThanOrEqual(0.001)
    }
    expect(histogram.percentile(100)).toBe(values[values.length - 1])
    expect(histogram.count).toBe(50_000)
  })

  it('is exact for small values and merges', () => {
    const a = new HdrHistogram()
    const b = new HdrHistogram()
    for (let v = 1; v <= 100; v++) (v % 2 ? a : b).record(v)
    a.add(b)
    expect([a.percentile(50), a.percentile(95), a.min, a.max, a.mean]).toEqual([50, 95, 1, 100, 50.5])
  })
})
