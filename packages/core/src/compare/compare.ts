// The comparison of a candidate with its baseline from one side-by-side window, pure: slower
// only when significantly *and* materially slower — at p50 by the rank test, at p95 and p99 by a
// bootstrap interval that excludes no change (a fat tail with the same median shows there) — and
// failing more only when the increase is significant and bigger than allowed. Too few samples is
// inconclusive, never a pass.
import { mannWhitney, quantileRatio, seededRandom, twoProportions, type RankTest, type RatioInterval } from './stats.js'

export interface Side {
  /** The version or URL, for messages. */
  name: string
  /** Latencies of the answers that were healthy, in ms from their scheduled send time. */
  latenciesMs: number[]
  requests: number
  failures: number
}

export interface CompareLimits {
  /** Percent: a candidate more than this much slower fails; undefined leaves latency unjudged. */
  maxSlowdownPct: number | undefined
  /** Percentage points of error rate the candidate may add; undefined leaves errors unjudged. */
  maxErrorIncreasePts: number | undefined
  /** Healthy answers each side needs for a verdict. */
  minSamples: number
}

export type QuantileName = 'p50' | 'p95' | 'p99'

export interface Comparison {
  verdict: 'pass' | 'fail' | 'inconclusive'
  reason: string
  baseline: { name: string; samples: number; requests: number; failures: number }
  candidate: { name: string; samples: number; requests: number; failures: number }
  latency?: { rankTest: RankTest; quantiles: Record<QuantileName, RatioInterval & { slower: boolean }> }
  errors?: { baselinePct: number; candidatePct: number; increasePts: number; z: number; p: number; worse: boolean }
}

/** Below this significance level a difference is taken as real. */
export const ALPHA = 0.01
/** The confidence of the ratio intervals. */
export const LEVEL = 0.95
const RESAMPLES = 2000
/**
 * A slowdown smaller than this is below what a probe resolves on a busy runner (timer and
 * scheduling jitter), whatever its ratio: 1.2 ms against 1 ms is not a regression.
 */
export const MIN_SLOWDOWN_MS = 5
const QUANTILES: QuantileName[] = ['p50', 'p95', 'p99']

const pValue = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`)
const times = (ratio: number) => `${ratio.toFixed(2)}×`
const ms = (value: number) => `${Math.round(value * 10) / 10} ms`

function sideOf(side: Side) {
  return { name: side.name, samples: side.latenciesMs.length, requests: side.requests, failures: side.failures }
}

/** `resamples` of the bootstrap; `seed` makes a run's intervals reproducible. */
export function compareSides(
  baseline: Side,
  candidate: Side,
  limits: CompareLimits,
  options: { seed?: number; resamples?: number } = {},
): Comparison {
  const sides = { baseline: sideOf(baseline), candidate: sideOf(candidate) }
  const fewest = Math.min(sides.baseline.samples, sides.candidate.samples)
  if (fewest < limits.minSamples) {
    return {
      verdict: 'inconclusive',
      reason: `too few samples to compare: ${candidate.name} had ${sides.candidate.samples} healthy answers and ${baseline.name} ${sides.baseline.samples}; min-samples is ${limits.minSamples} (a longer duration or a higher rate gives more)`,
      ...sides,
    }
  }
  const problems: string[] = []
  const held: string[] = []
  let latency: Comparison['latency']
  if (limits.maxSlowdownPct !== undefined) {
    const allowed = 1 + limits.maxSlowdownPct / 100
    const random = seededRandom(options.seed ?? 1)
    const rankTest = mannWhitney(candidate.latenciesMs, baseline.latenciesMs, 'greater')
    const judge = (name: QuantileName, q: number): RatioInterval & { slower: boolean } => {
      const interval = quantileRatio(candidate.latenciesMs, baseline.latenciesMs, q, {
        resamples: options.resamples ?? RESAMPLES,
        level: LEVEL,
        random,
      })
      // The median's shift is the rank test's to prove; a tail's, its own interval's.
      const significant = name === 'p50' ? rankTest.p < ALPHA : interval.low > 1
      const material = interval.ratio > allowed && interval.candidateMs - interval.baselineMs > MIN_SLOWDOWN_MS
      return { ...interval, slower: significant && material }
    }
    const quantiles = { p50: judge('p50', 0.5), p95: judge('p95', 0.95), p99: judge('p99', 0.99) }
    latency = { rankTest, quantiles }
    const worst = QUANTILES.map((name) => [name, quantiles[name]] as const)
      .filter(([, interval]) => interval.slower)
      .sort(([, a], [, b]) => b.ratio - a.ratio)[0]
    if (worst) {
      const [name, interval] = worst
      problems.push(
        `${candidate.name} is ${times(interval.ratio)} slower than ${baseline.name} at ${name} (${ms(interval.candidateMs)} vs ${ms(interval.baselineMs)}, ${Math.round(LEVEL * 100)}% CI ${interval.low.toFixed(2)}–${interval.high.toFixed(2)}×, ${pValue(rankTest.p)}); max-slowdown is ${limits.maxSlowdownPct}%`,
      )
    } else {
      const p95 = quantiles.p95
      held.push(
        `latency within max-slowdown ${limits.maxSlowdownPct}% (p95 ${times(p95.ratio)}, ${Math.round(LEVEL * 100)}% CI ${p95.low.toFixed(2)}–${p95.high.toFixed(2)}×; rank test ${pValue(rankTest.p)})`,
      )
    }
  }
  let errors: Comparison['errors']
  if (limits.maxErrorIncreasePts !== undefined) {
    const test = twoProportions(baseline.failures, baseline.requests, candidate.failures, candidate.requests)
    const baselinePct = (baseline.failures / baseline.requests) * 100
    const candidatePct = (candidate.failures / candidate.requests) * 100
    const worse = test.p < ALPHA && test.increasePts > limits.maxErrorIncreasePts
    errors = { baselinePct, candidatePct, ...test, worse }
    const rates = `${candidate.name} fails ${candidatePct.toFixed(2)}% of requests, ${baseline.name} ${baselinePct.toFixed(2)}% (${test.increasePts >= 0 ? '+' : ''}${test.increasePts.toFixed(2)} points, ${pValue(test.p)})`
    if (worse)
      problems.push(
        `${rates}; max-error-increase is ${limits.maxErrorIncreasePts} point${limits.maxErrorIncreasePts === 1 ? '' : 's'}`,
      )
    else held.push(rates)
  }
  const counted = `${sides.candidate.samples} and ${sides.baseline.samples} samples`
  return problems.length > 0
    ? { verdict: 'fail', reason: problems.join('; '), ...sides, latency, errors }
    : { verdict: 'pass', reason: `${held.join('; ')} (${counted})`, ...sides, latency, errors }
}
