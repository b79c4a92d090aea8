// Watches live traffic through the public URL and fires the moment the sliding window breaks a
// limit: the error rate or the p95 of all requests in the last few seconds, not one slow answer.
import type { Logger } from '@shipgate/core/action'
import { analyse, limitsOfCheck } from '@shipgate/core/metrics'
import { createDispatcher, runWindow, type SecondSample } from '@shipgate/core/probe'
import { joinUrl } from '@shipgate/core/deploy'
import type { Trigger, TriggerLimits } from './evidence.js'
import type { Inputs } from './inputs.js'

/** A window needs at least this many answers before it may fire. */
const MIN_REQUESTS = 10

interface Second {
  requests: number
  failures: number
  latenciesMs: readonly number[]
}

export function judgeWindow(
  seconds: readonly Second[],
  limits: TriggerLimits,
): { fired: string[]; errorRatePct: number; p95Ms: number; requests: number } {
  const requests = seconds.reduce((sum, s) => sum + s.requests, 0)
  const failures = seconds.reduce((sum, s) => sum + s.failures, 0)
  const latencies = seconds.flatMap((s) => s.latenciesMs).sort((a, b) => a - b)
  const p95Ms = latencies[Math.max(0, Math.ceil(0.95 * latencies.length) - 1)] ?? 0
  const errorRatePct = requests === 0 ? 0 : (failures / requests) * 100
  const fired: string[] = []
  if (requests >= MIN_REQUESTS && errorRatePct > limits.maxErrorRatePct) {
    fired.push(
      `error rate ${Math.round(errorRatePct * 100) / 100}% > ${limits.maxErrorRatePct}% over the last ${seconds.length}s`,
    )
  }
  if (requests >= MIN_REQUESTS && p95Ms > limits.maxP95Ms) {
    fired.push(`p95 ${Math.round(p95Ms)} ms > ${limits.maxP95Ms} ms over the last ${seconds.length}s`)
  }
  return { fired, errorRatePct, p95Ms, requests }
}

/**
 * Watches live traffic for `watch`: the public URL's sliding window, and the metric checks when
 * given (judging `serving`, the version traffic is on). The first that fires decides; a metric
 * check that never had data warns and does not fire.
 */
export async function watchLive(
  inputs: Inputs,
  serving: { version: string; color: string } | undefined,
  log: Logger,
): Promise<Trigger> {
  const stop = new AbortController()
  const metrics = inputs.metrics
  const analysing =
    metrics && serving
      ? analyse({
          ...metrics,
          durationMs: inputs.watchMs,
          placeholders: serving,
          signal: stop.signal,
          onEvaluation: (e) =>
            log.info(
              `watch metric ${e.check} at ${(e.atMs / 1000).toFixed(1)}s: ${e.value ?? 'no data'} (${e.verdict}${e.detail ? `: ${e.detail}` : ''})`,
            ),
        }).then(
          (result) => {
            if (result.verdict === 'fail') stop.abort()
            return result
          },
          (error: unknown) => {
            stop.abort()
            throw error
          },
        )
      : Promise.resolve(undefined)
  const watching = inputs.publicUrl ? watchPublicUrl(inputs, inputs.publicUrl, log, stop) : Promise.resolve(undefined)
  // A refused query or an unreachable Prometheus ends the watch with that error.
  const [probed, analysis] = await Promise.all([watching, analysing])
  const withMetrics = (trigger: Trigger): Trigger =>
    analysis && metrics ? { ...trigger, metrics: { checks: metrics.checks, result: analysis } } : trigger
  if (analysis?.verdict === 'fail') {
    const failed = [...analysis.evaluations].reverse().find((evaluation) => evaluation.verdict === 'fail')
    return withMetrics({
      fired: true,
      reason: analysis.reason,
      source: 'watch',
      evidence: {
        check: failed?.check ?? '',
        value: failed?.value ?? Number.NaN,
        limit: limitsOfCheck(metrics?.checks ?? [], failed?.check),
      },
    })
  }
  if (analysis?.verdict === 'inconclusive' && !probed?.fired)
    log.warning(`Metrics: ${analysis.reason}; the watch does not fire on no data`)
  if (probed) return withMetrics(probed)
  return withMetrics({
    fired: false,
    reason: `no trigger fired while watching for ${inputs.watchMs / 1000}s: ${analysis?.reason ?? 'no checks'}`,
    source: 'watch',
    evidence: {},
  })
}

export async function watchPublicUrl(
  inputs: Inputs,
  publicUrl: URL,
  log: Logger,
  stop: AbortController,
): Promise<Trigger> {
  const windowSeconds = Math.max(1, Math.round(inputs.watchWindowMs / 1000))
  const recent: Second[] = []
  let fired: Trigger | undefined
  const onSecond = (sample: SecondSample, latenciesMs: readonly number[]) => {
    if (fired) return
    recent.push({ requests: sample.requests, failures: sample.failures, latenciesMs })
    if (recent.length > windowSeconds) recent.shift()
    const verdict = judgeWindow(recent, inputs)
    log.info(
      `watch second ${sample.second + 1}: ${sample.requests} requests, ${sample.failures} failed, window error rate ${Math.round(verdict.errorRatePct * 100) / 100}%, p95 ${Math.round(verdict.p95Ms)} ms`,
    )
    if (verdict.fired.length > 0) {
      fired = {
        fired: true,
        reason: verdict.fired.join('; '),
        source: 'watch',
        evidence: {
          second: sample.second + 1,
          errorRatePct: verdict.errorRatePct,
          p95Ms: verdict.p95Ms,
          requests: verdict.requests,
        },
      }
      stop.abort()
    }
  }
  const dispatcher = createDispatcher()
  try {
    const result = await runWindow(dispatcher, [joinUrl(publicUrl, inputs.healthPath)], {
      ratePerSecond: inputs.ratePerSecond,
      durationMs: inputs.watchMs,
      request: { method: 'GET', headers: {}, body: undefined, timeoutMs: inputs.timeoutMs },
      criteria: { expectedStatus: inputs.expectedStatus },
      signal: stop.signal,
      onSecond,
    })
    if (fired) return fired
    const total = result.total
    return {
      fired: false,
      reason: `no trigger fired while watching for ${inputs.watchMs / 1000}s: ${total.requests} requests, ${total.failures} failed, p95 ${total.latency.p95Ms} ms`,
      source: 'watch',
      evidence: { requests: total.requests, failures: total.failures, p95Ms: total.latency.p95Ms },
    }
  } finally {
    await dispatcher.close()
  }
}
