// The serving version watched while the schema changes under it: its own URL and the public URL
// under open-loop load, and its metric checks, from before the migration starts until the end of
// compat-window after it. Expand-contract says the serving version keeps working; this proves it.
import { analyse, type AnalysisResult } from '../../metrics/index.js'
import type { HealthReport } from '../../probe/check-health.js'
import { createDispatcher } from '../../probe/http.js'
import { describeCheck, errorRatePct, evaluateWindow } from '../../probe/thresholds.js'
import { runWindow } from '../../probe/window.js'
import type { Color } from '../model.js'
import { UNKNOWN_VERSION } from '../state.js'
import { joinUrl } from '../urls.js'
import type { DeployContext, ExecuteOptions } from './context.js'

export interface CompatResult {
  healthy: boolean
  /** What held, or how the serving version degraded. */
  reason: string
  report: HealthReport | undefined
  metrics: AnalysisResult | undefined
}

export interface CompatWatch {
  /** Ends the watch and judges it. */
  stop(): Promise<CompatResult>
}

/** A cap only: the watch ends when the migration and compat-window are over. */
const MAX_WATCH_MS = 6 * 60 * 60_000

export function watchServing(
  ctx: DeployContext,
  serving: { color: Color; version: string },
  options: Pick<ExecuteOptions, 'verification'>,
  placeholders: { version: string; color: string },
): CompatWatch {
  const { target } = ctx
  const urls = [target.urls[serving.color], target.publicUrl]
    .filter((url): url is URL => url !== undefined)
    .map((url) => joinUrl(url, target.healthPath))
  const stop = new AbortController()
  const startedAt = new Date().toISOString()
  const dispatcher = createDispatcher()
  const version = serving.version === UNKNOWN_VERSION ? undefined : serving.version
  const window =
    urls.length > 0
      ? runWindow(dispatcher, urls, {
          ratePerSecond: Math.max(1, options.verification.ratePerSecond),
          durationMs: MAX_WATCH_MS,
          request: { method: 'GET', headers: {}, body: undefined, timeoutMs: target.timeoutMs },
          criteria: { expectedStatus: target.expectedStatus, ...(version ? { version } : {}) },
          signal: stop.signal,
        })
      : undefined
  const checks = target.metrics
  const analysis = checks
    ? analyse({ ...checks, durationMs: MAX_WATCH_MS, placeholders, signal: stop.signal }).catch(
        (error: unknown): AnalysisResult => ({
          verdict: 'fail',
          reason: error instanceof Error ? error.message : String(error),
          evaluations: [],
        }),
      )
    : undefined
  if (!window && !analysis) {
    ctx.log.warning(
      `Nothing watches ${serving.version} on ${serving.color} during the migration: give ${serving.color}-url or public-url (or metrics)`,
    )
  }
  return {
    async stop() {
      stop.abort()
      const [result, metrics] = await Promise.all([window, analysis])
      await dispatcher.close()
      const thresholds = result ? evaluateWindow(result, options.verification) : []
      const failedChecks = thresholds.filter((check) => !check.passed)
      const problems = [
        ...(failedChecks.length > 0
          ? [
              `${failedChecks.map(describeCheck).join(', ')} over ${result?.total.requests ?? 0} requests${causes(result?.total.failuresByCause)}`,
            ]
          : []),
        ...(metrics?.verdict === 'fail' ? [metrics.reason] : []),
      ]
      if (metrics?.verdict === 'inconclusive') ctx.log.warning(`During the migration: ${metrics.reason}`)
      const healthy = problems.length === 0
      const reason = healthy
        ? `${serving.version} kept working: ${result ? thresholds.map(describeCheck).join(', ') : 'no probe'}${metrics ? `; ${metrics.reason}` : ''}`
        : problems.join('; ')
      const report: HealthReport | undefined = result && {
        kind: 'shipgate/health-report',
        version: 1,
        healthy: failedChecks.length === 0,
        reason,
        startedAt,
        finishedAt: new Date().toISOString(),
        urls: urls.map((url) => url.href),
        readiness: [],
        attempts: 0,
        window: result,
        checks: thresholds,
        errorRatePct: errorRatePct(result.total.failures, result.total.requests),
      }
      return { healthy, reason, report, metrics }
    },
  }
}

function causes(byCause: Record<string, number> | undefined): string {
  const entries = Object.entries(byCause ?? {})
  return entries.length > 0 ? ` (${entries.map(([cause, count]) => `${cause}: ${count}`).join(', ')})` : ''
}
