import { describe, expect, it } from '@jest/globals'
import { compareSides, type Side } from './compare.js'
import { seededRandom } from './stats.js'

/** `n` latencies around `medianMs`, spread ±20%, a fixed pseudo-random draw. */
function latencies(n: number, medianMs: number, seed: number, tail?: { share: number; ms: number }): number[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, (_, i) =>
    tail && i % Math.round(1 / tail.share) === 0 ? tail.ms : medianMs * (0.8 + 0.4 * random()),
  )
}
const side = (name: string, latenciesMs: number[], failures = 0): Side => ({
  name,
  latenciesMs,
  requests: latenciesMs.length + failures,
  failures,
})
const limits = { maxSlowdownPct: 20, maxErrorIncreasePts: 1, minSamples: 100 }
// Fewer resamples than a run's 2000 keep the suite quick; the intervals are as seeded.
const quick = { resamples: 400 }

describe('compareSides: significantly and materially worse, or not', () => {
  it('the same version passes', () => {
    const result = compareSides(side('v1', latencies(300, 50, 1)), side('v2', latencies(300, 50, 2)), limits, quick)
    expect(result.verdict).toBe('pass')
    expect(result.reason).toMatch(/^latency within max-slowdown 20% .*; v2 fails 0\.00% of requests, v1 0\.00%/)
  })
  it('40% slower fails, with the ratio, the interval and the rank test in words', () => {
    const result = compareSides(side('v2', latencies(300, 50, 1)), side('v3', latencies(300, 70, 2)), limits, quick)
    expect(result.verdict).toBe('fail')
    expect(result.reason).toMatch(
      /^v3 is 1\.\d\d× slower than v2 at p\d\d \([\d.]+ ms vs [\d.]+ ms, 95% CI 1\.\d\d–1\.\d\d×, p < 0\.001\); max-slowdown is 20%$/,
    )
    expect(result.latency?.quantiles.p50.slower).toBe(true)
  })
  it('10% slower is significant but within max-slowdown: it passes', () => {
    const result = compareSides(side('v2', latencies(1000, 50, 1)), side('v3', latencies(1000, 55, 2)), limits, quick)
    expect(result.latency?.rankTest.p).toBeLessThan(0.01)
    expect(result.verdict).toBe('pass')
  })
  it('the same median with a slow 5% tail fails at p99, the rank test alone would not see it', () => {
    const result = compareSides(
      side('v2', latencies(300, 50, 1)),
      side('v3', latencies(300, 50, 2, { share: 0.05, ms: 400 })),
      limits,
    )
    expect(result.latency?.quantiles.p50.slower).toBe(false)
    expect(result.verdict).toBe('fail')
    expect(result.reason).toMatch(/^v3 is [\d.]+× slower than v2 at p99 \(400 ms vs/)
  })
  it('a slowdown too small to measure (1 ms against 0.8 ms) is no regression, whatever the ratio', () => {
    const result = compareSides(side('v2', latencies(300, 0.8, 1)), side('v3', latencies(300, 1.2, 2)), limits, quick)
    expect(result.verdict).toBe('pass')
  })
  it('3 more points of errors fails max-error-increase 1; half a point does not', () => {
    const worse = compareSides(side('v2', latencies(300, 50, 1)), side('v3', latencies(291, 50, 2), 9), limits, quick)
    expect(worse.verdict).toBe('fail')
    expect(worse.reason).toMatch(
      /v3 fails 3\.00% of requests, v2 0\.00% \(\+3\.00 points, p = 0\.00\d\); max-error-increase is 1 point$/,
    )
    const slightly = compareSides(
      side('v2', latencies(400, 50, 1)),
      side('v3', latencies(398, 50, 2), 2),
      limits,
      quick,
    )
    expect(slightly.verdict).toBe('pass')
  })
  it('too few samples is inconclusive, said plainly', () => {
    const result = compareSides(side('v2', latencies(40, 50, 1)), side('v3', latencies(60, 50, 2)), limits, quick)
    expect(result).toMatchObject({
      verdict: 'inconclusive',
      reason:
        'too few samples to compare: v3 had 60 healthy answers and v2 40; min-samples is 100 (a longer duration or a higher rate gives more)',
    })
  })
  it('judges only what was asked: without max-slowdown latency is not compared', () => {
    const result = compareSides(
      side('v2', latencies(300, 50, 1)),
      side('v3', latencies(300, 90, 2)),
      {
        ...limits,
        maxSlowdownPct: undefined,
      },
      quick,
    )
    expect(result.verdict).toBe('pass')
    expect(result.latency).toBeUndefined()
  })
})
