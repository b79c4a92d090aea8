// The statistics of a side-by-side comparison, pure: the Mann-Whitney U test as scipy computes it
// (asymptotic, tie-corrected, continuity-corrected), a two-proportion z-test, and a seeded
// percentile bootstrap of a quantile ratio. Rank sums and erf come from simple-statistics; what
// it lacks (the tie correction, the tests' p-values, a bootstrap fast enough to run thousands of
// resamples on typed arrays) is here.
import { errorFunction, wilcoxonRankSum } from 'simple-statistics'

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2))
}

export interface RankTest {
  /** U of the first sample: how many (x, y) pairs have x > y, ties counting a half. */
  u: number
  /** The standard deviation of U under the null, ties corrected. */
  sd: number
  z: number
  p: number
}

/** Σ(t³ − t) over the sizes t of each group of tied values: the variance's tie correction. */
function tieTerm(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  let term = 0
  let run = 1
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]) run += 1
    else {
      term += run ** 3 - run
      run = 1
    }
  }
  return term
}

/**
 * The Mann-Whitney U test of `x` against `y`, as scipy.stats.mannwhitneyu(x, y,
 * method='asymptotic', use_continuity=True) computes it. `greater`: is x stochastically greater
 * than y (the new version slower than the old)?
 */
export function mannWhitney(
  x: readonly number[],
  y: readonly number[],
  alternative: 'greater' | 'two-sided' = 'greater',
): RankTest {
  const n1 = x.length
  const n2 = y.length
  const u1 = wilcoxonRankSum([...x], [...y]) - (n1 * (n1 + 1)) / 2
  const n = n1 + n2
  const mean = (n1 * n2) / 2
  const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm([...x, ...y]) / (n * (n - 1))))
  const u = alternative === 'two-sided' ? Math.max(u1, n1 * n2 - u1) : u1
  const z = sd === 0 ? 0 : (u - mean - 0.5) / sd
  const p = Math.min(1, (alternative === 'two-sided' ? 2 : 1) * normalCdf(-z))
  return { u: u1, sd, z, p }
}

export interface ProportionTest {
  /** The second rate minus the first, in percentage points. */
  increasePts: number
  z: number
  /** One-sided: is the second rate greater than the first? */
  p: number
}

/** The pooled two-proportion z-test of failures `b` of `nb` against `a` of `na`, one-sided. */
export function twoProportions(a: number, na: number, b: number, nb: number): ProportionTest {
  const increasePts = (b / nb - a / na) * 100
  const pooled = (a + b) / (na + nb)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
  const z = se === 0 ? 0 : (b / nb - a / na) / se
  return { increasePts, z, p: se === 0 ? (increasePts > 0 ? 0 : 1) : normalCdf(-z) }
}

/** mulberry32: the same resamples for the same seed, on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface RatioInterval {
  /** candidate's quantile ÷ baseline's, on the samples as they are. */
  ratio: number
  low: number
  high: number
  candidateMs: number
  baselineMs: number
}

/** The nearest-rank quantile (0–1) of sorted values, as the probe reports p50/p95/p99. */
export function quantileOf(sorted: ArrayLike<number>, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0
}

function resampledQuantile(values: Float64Array, q: number, random: () => number, scratch: Float64Array): number {
  for (let i = 0; i < values.length; i++) scratch[i] = values[Math.floor(random() * values.length)] ?? 0
  // A typed array sorts numerically and in place: thousands of resamples stay fast.
  scratch.sort()
  return quantileOf(scratch, q)
}

/**
 * The ratio of the `q` quantile (0–1) of `candidate` to that of `baseline`, with a percentile
 * bootstrap confidence interval at `level` (both samples resampled independently).
 */
export function quantileRatio(
  candidate: readonly number[],
  baseline: readonly number[],
  q: number,
  options: { resamples: number; level: number; random: () => number },
): RatioInterval {
  const c = Float64Array.from(candidate).sort()
  const b = Float64Array.from(baseline).sort()
  const candidateMs = quantileOf(c, q)
  const baselineMs = quantileOf(b, q)
  const scratchC = new Float64Array(c.length)
  const scratchB = new Float64Array(b.length)
  const ratios = new Float64Array(options.resamples)
  for (let i = 0; i < options.resamples; i++) {
    const rc = resampledQuantile(c, q, options.random, scratchC)
    const rb = resampledQuantile(b, q, options.random, scratchB)
    ratios[i] = rb > 0 ? rc / rb : Number.POSITIVE_INFINITY
  }
  ratios.sort()
  const tail = (1 - options.level) / 2
  return {
    ratio: baselineMs > 0 ? candidateMs / baselineMs : Number.POSITIVE_INFINITY,
    low: quantileOf(ratios, tail),
    high: quantileOf(ratios, 1 - tail),
    candidateMs,
    baselineMs,
  }
}
