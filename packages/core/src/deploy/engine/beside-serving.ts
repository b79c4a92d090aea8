// Direct verification with a comparison (max-slowdown, max-error-increase): the new color and the
// serving one probed side by side in the verification window, so a release slower than the one it
// replaces is refused before it takes traffic, even when it meets every absolute threshold.
import { sideBySide, windowOf } from '../../compare/side-by-side.js'
import type { HealthReport } from '../../probe/check-health.js'
import { describeCheck, errorRatePct } from '../../probe/thresholds.js'
import type { Step } from '../plan.js'
import { joinUrl } from '../urls.js'
import type { Run } from './context.js'
import { staleText, verifyUrl } from './verify-url.js'

function reportOf(
  url: string,
  healthy: boolean,
  reason: string,
  window: HealthReport['window'],
  startedAt: string,
): HealthReport {
  return {
    kind: 'shipgate/health-report',
    version: 1,
    healthy,
    reason,
    startedAt,
    finishedAt: new Date().toISOString(),
    urls: [url],
    readiness: [],
    attempts: 0,
    window,
    checks: [],
    errorRatePct: window ? errorRatePct(window.total.failures, window.total.requests) : 0,
  }
}

/**
 * Why the new color is not good enough beside the serving one, or undefined. Undefined too, with
 * `skipped`, when there is nothing to compare with (a first deploy, no URL for the serving color).
 */
export async function verifyBesideServing(
  run: Run,
  step: Step<'verify'>,
): Promise<{ skipped: true } | { skipped: false; problem: string | undefined }> {
  const { ctx, options } = run
  const limits = options.comparison
  const from = run.work.from
  const candidateUrl = ctx.target.urls[step.color]
  const baselineUrl = from ? ctx.target.urls[from.color] : undefined
  if (!limits || run.rollback || !from || !candidateUrl || !baselineUrl) return { skipped: true }
  // The new color answers, as itself, before the window starts.
  const ready = await verifyUrl(
    ctx,
    candidateUrl,
    { ...options.verification, durationMs: 0 },
    { version: step.version },
  )
  run.reports.push({ label: `${step.color} (${step.version}) directly`, report: ready })
  if (!ready.healthy) {
    return { skipped: false, problem: staleText(ready, step.color, step.version, run.deployOutput) ?? ready.reason }
  }
  ctx.log.info(`Comparing ${step.version} on ${step.color} with ${from.version} on ${from.color}, side by side`)
  const startedAt = new Date().toISOString()
  const result = await sideBySide({
    candidate: { name: step.version, url: joinUrl(candidateUrl, ctx.target.healthPath) },
    baseline: { name: from.version, url: joinUrl(baselineUrl, ctx.target.healthPath) },
    request: { method: 'GET', headers: {}, body: undefined, timeoutMs: ctx.target.timeoutMs },
    criteria: { expectedStatus: ctx.target.expectedStatus },
    durationMs: options.verification.durationMs,
    ratePerSecond: options.verification.ratePerSecond,
    thresholds: options.verification,
    limits,
  })
  const [candidate, baseline] = result.window.perUrl
  const failedChecks = result.checks.filter((check) => !check.passed)
  run.comparison = { comparison: result.comparison, windows: { candidate, baseline } }
  const thresholds = result.checks.map(describeCheck).join(', ')
  if (candidate) {
    run.reports.push({
      label: `${step.color} (${step.version}) beside ${from.color}`,
      report: reportOf(
        candidate.url,
        failedChecks.length === 0 && result.comparison.verdict === 'pass',
        `${thresholds}; ${result.comparison.reason}`,
        windowOf(result.window, candidate),
        startedAt,
      ),
    })
  }
  if (baseline) {
    run.reports.push({
      label: `${from.color} (${from.version}), the baseline`,
      report: reportOf(
        baseline.url,
        true,
        'the serving version, probed beside the new one',
        windowOf(result.window, baseline),
        startedAt,
      ),
    })
  }
  if (failedChecks.length > 0) {
    return { skipped: false, problem: `the verification window failed: ${failedChecks.map(describeCheck).join(', ')}` }
  }
  if (result.comparison.verdict === 'fail') return { skipped: false, problem: result.comparison.reason }
  if (result.comparison.verdict === 'inconclusive') {
    return {
      skipped: false,
      problem: `the comparison with ${from.version} was inconclusive (${result.comparison.reason}): a deploy that asks for a comparison never promotes on inconclusive`,
    }
  }
  ctx.log.info(`Beside ${from.version}: ${result.comparison.reason}`)
  return { skipped: false, problem: undefined }
}
