import type { HealthCriteria } from './criteria.js'
import { createDispatcher, type ProbeRequest } from './http.js'
import { waitUntilReady, type AttemptRecord, type ReadinessResult } from './readiness.js'
import { describeCheck, errorRatePct, evaluateWindow, type ThresholdCheck, type Thresholds } from './thresholds.js'
import { runWindow, type WindowOptions, type WindowResult } from './window.js'

export interface HealthCheckOptions {
  urls: readonly URL[]
  request: ProbeRequest
  criteria: HealthCriteria
  readiness: { intervalMs: number; deadlineMs: number; consecutiveSuccesses: number }
  /** The verification window under load; none when durationMs is 0. */
  window: { durationMs: number; ratePerSecond: number }
  thresholds: Thresholds
  signal?: AbortSignal
  onAttempt?: (attempt: AttemptRecord) => void
  onSecond?: WindowOptions['onSecond']
  /** Keep each URL's healthy latencies in the window (a later comparison's baseline-report). */
  keepSamples?: boolean
}

/** What health-check decided and why; its report-json, and what rollback reads as evidence. */
export interface HealthReport {
  kind: 'shipgate/health-report'
  version: 1
  healthy: boolean
  /** One sentence: why healthy or not. */
  reason: string
  startedAt: string
  finishedAt: string
  urls: string[]
  readiness: ReadinessResult[]
  attempts: number
  window: WindowResult | undefined
  checks: ThresholdCheck[]
  errorRatePct: number
}

function readinessReason(results: readonly ReadinessResult[], deadlineMs: number): string | undefined {
  const failed = results.filter((result) => !result.ready)
  if (failed.length === 0) return undefined
  return failed
    .map((result) => {
      const last = result.lastFailure
      const why = !last
        ? 'no answer'
        : last.kind === 'not-up'
          ? `not up yet (${last.reason})`
          : `up but wrong (${last.reason})`
      return `${result.url} was not healthy within ${deadlineMs / 1000}s after ${result.attempts} attempts: ${why}`
    })
    .join('; ')
}

/**
 * The probe engine's entry point, shared by health-check, blue-green-deploy and rollback: wait
 * until every URL is ready, then, when a window is asked for, prove it under open-loop load and
 * judge the thresholds.
 */
export async function checkHealth(options: HealthCheckOptions): Promise<HealthReport> {
  const startedAt = new Date().toISOString()
  const dispatcher = createDispatcher()
  try {
    const readiness = await waitUntilReady(dispatcher, options.urls, {
      ...options.readiness,
      request: options.request,
      criteria: options.criteria,
      signal: options.signal,
      onAttempt: options.onAttempt,
    })
    const attempts = readiness.reduce((sum, result) => sum + result.attempts, 0)
    const notReady = readinessReason(readiness, options.readiness.deadlineMs)
    let window: WindowResult | undefined
    let checks: ThresholdCheck[] = []
    if (!notReady && options.window.durationMs > 0) {
      window = await runWindow(dispatcher, options.urls, {
        ...options.window,
        request: options.request,
        criteria: options.criteria,
        signal: options.signal,
        onSecond: options.onSecond,
        keepSamples: options.keepSamples ?? false,
      })
      checks = evaluateWindow(window, options.thresholds)
    }
    const failedChecks = checks.filter((check) => !check.passed)
    const cancelled = options.signal?.aborted ? 'cancelled before the check finished' : undefined
    const reason =
      notReady ??
      cancelled ??
      (failedChecks.length > 0
        ? `the verification window failed: ${failedChecks.map(describeCheck).join(', ')}`
        : window
          ? `every URL is ready and the window passed: ${checks.map(describeCheck).join(', ')}`
          : 'every URL is ready')
    return {
      kind: 'shipgate/health-report',
      version: 1,
      healthy: !notReady && !cancelled && failedChecks.length === 0,
      reason,
      startedAt,
      finishedAt: new Date().toISOString(),
      urls: options.urls.map((url) => url.href),
      readiness,
      attempts,
      window,
      checks,
      errorRatePct: window ? errorRatePct(window.total.failures, window.total.requests) : 0,
    }
  } finally {
    await dispatcher.close()
  }
}
