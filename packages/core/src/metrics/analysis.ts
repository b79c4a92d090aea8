// Judges a version by the service's own metrics while it takes real traffic, as Argo Rollouts'
// analysis and Flagger's metric checks do: every check is evaluated every interval; a check fails
// after `failureLimit` failed evaluations in a row; no data neither passes nor fails.
import { breach, expandQuery, format, limitsText, type MetricCheck } from './checks.js'
import { queryInstant, type PrometheusTarget } from './prometheus.js'

export interface MetricsInputs {
  prometheus: PrometheusTarget
  checks: MetricCheck[]
  intervalMs: number
  failureLimit: number
}

export interface Evaluation {
  /** Milliseconds since the analysis started. */
  atMs: number
  check: string
  value: number | undefined
  verdict: 'pass' | 'fail' | 'no-data'
  /** The limit broken, or why there was no data. */
  detail: string | undefined
}

export interface AnalysisResult {
  /** `inconclusive`: some check never had data (or nothing was evaluated). */
  verdict: 'pass' | 'fail' | 'inconclusive'
  /** What failed or was inconclusive, in one sentence naming the check, the value and the limit. */
  reason: string
  evaluations: Evaluation[]
}

export interface AnalysisOptions extends MetricsInputs {
  durationMs: number
  placeholders: { version: string; color: string }
  signal?: AbortSignal
  onEvaluation?: (evaluation: Evaluation) => void
}

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })

/**
 * Evaluates every check every `intervalMs` for `durationMs` (at least once), stopping at the
 * first failed check. Prometheus unreachable or a refused query throws a UserError naming the check.
 */
export async function analyse(options: AnalysisOptions): Promise<AnalysisResult> {
  const start = performance.now()
  const evaluations: Evaluation[] = []
  const streak = new Map<string, number>()
  const conclusive = new Set<string>()
  // The first evaluation comes after one interval of real traffic, the last at the window's end.
  let next = Math.min(options.intervalMs, options.durationMs)
  for (;;) {
    await sleep(Math.max(0, next - (performance.now() - start)), options.signal)
    if (options.signal?.aborted) break
    const atMs = Math.round(performance.now() - start)
    const answers = await Promise.all(
      options.checks.map(async (check) => ({
        check,
        sample: await queryInstant(options.prometheus, check.name, expandQuery(check.query, options.placeholders)),
      })),
    )
    for (const { check, sample } of answers) {
      let evaluation: Evaluation
      if (sample.kind === 'no-data') {
        evaluation = { atMs, check: check.name, value: undefined, verdict: 'no-data', detail: sample.why }
      } else {
        conclusive.add(check.name)
        const broken = breach(check, sample.value)
        evaluation = { atMs, check: check.name, value: sample.value, verdict: broken ? 'fail' : 'pass', detail: broken }
        streak.set(check.name, broken ? (streak.get(check.name) ?? 0) + 1 : 0)
      }
      evaluations.push(evaluation)
      options.onEvaluation?.(evaluation)
      if (sample.kind === 'value' && (streak.get(check.name) ?? 0) >= options.failureLimit) {
        const times = options.failureLimit === 1 ? '' : ` (${options.failureLimit} evaluations in a row)`
        return {
          verdict: 'fail',
          reason: `metric check ${check.name} failed: ${format(sample.value)} is outside ${limitsText(check)}${times}`,
          evaluations,
        }
      }
    }
    if (next >= options.durationMs) break
    next = Math.min(next + options.intervalMs, options.durationMs)
  }
  const silent = options.checks.filter((check) => !conclusive.has(check.name)).map((check) => check.name)
  if (silent.length > 0) {
    return {
      verdict: 'inconclusive',
      reason: `no data for metric check${silent.length > 1 ? 's' : ''} ${silent.join(', ')} in ${Math.round((performance.now() - start) / 1000)}s: no evidence that the version is good`,
      evaluations,
    }
  }
  return {
    verdict: 'pass',
    reason: `${options.checks.length} metric check(s) held over ${evaluations.length} evaluations`,
    evaluations,
  }
}
