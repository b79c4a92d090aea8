// health-check against a baseline: another URL probed side by side in the same window
// (baseline-url), or the samples of an earlier run's report-json (baseline-report, e.g. the
// default branch's last run: not the same moments, which the reason says).
import { FileError } from '@shipgate/core/action'
import { compareSides, sideBySide, sideOf, windowOf, type Comparison } from '@shipgate/core/compare'
import {
  checkHealth,
  describeCheck,
  errorRatePct,
  readHealthReport,
  type HealthCheckOptions,
  type HealthReport,
  type UrlWindow,
} from '@shipgate/core/probe'
import type { Inputs } from './inputs.js'

export type ComparedReport = HealthReport & {
  comparison?: {
    baseline: string
    /** Both sides in one window, requests interleaved; false for a baseline-report. */
    interleaved: boolean
    comparison: Comparison
    windows: { candidate?: UrlWindow; baseline?: UrlWindow }
  }
}

function judged(report: HealthReport, comparison: Comparison, baseline: string): { healthy: boolean; reason: string } {
  if (!report.healthy) return { healthy: false, reason: report.reason }
  if (comparison.verdict === 'pass')
    return { healthy: true, reason: `${report.reason}; beside ${baseline}: ${comparison.reason}` }
  const why =
    comparison.verdict === 'inconclusive'
      ? `the comparison with ${baseline} was inconclusive: ${comparison.reason}`
      : comparison.reason
  return { healthy: false, reason: why }
}

export async function checkAgainstBaseline(inputs: Inputs, options: HealthCheckOptions): Promise<ComparedReport> {
  const [url] = inputs.urls
  const baseline = inputs.baseline
  const limits = inputs.comparison
  if (!url || !baseline || !limits) throw new Error('readInputs guarantees one url, a baseline and limits')
  if (baseline.report !== undefined) {
    const before = readHealthReport(baseline.report)
    const samples = before.window?.perUrl[0]
    if (!samples?.samples) {
      throw new FileError(
        baseline.report,
        'holds no latency samples: expected the report-json of a health-check run with a window (duration above 0)',
      )
    }
    const report = await checkHealth({ ...options, keepSamples: true })
    const current = report.window?.perUrl[0]
    const name = `baseline-report (${samples.url})`
    const comparison = compareSides(sideOf(name, samples), sideOf(url.href, current), limits)
    return {
      ...report,
      ...judged(report, comparison, name),
      comparison: {
        baseline: name,
        interleaved: false,
        comparison,
        windows: { candidate: current, baseline: samples },
      },
    }
  }
  // Both answer first, then one window for both.
  const ready = await checkHealth({
    ...options,
    urls: [url, baseline.url],
    window: { durationMs: 0, ratePerSecond: 0 },
  })
  if (!ready.healthy) return ready
  const result = await sideBySide({
    candidate: { name: url.href, url },
    baseline: { name: baseline.url.href, url: baseline.url },
    request: options.request,
    criteria: options.criteria,
    durationMs: inputs.durationMs,
    ratePerSecond: inputs.ratePerSecond,
    thresholds: options.thresholds,
    limits,
    signal: options.signal,
  })
  const [candidate, base] = result.window.perUrl
  const failed = result.checks.filter((check) => !check.passed)
  const window = candidate ? windowOf(result.window, candidate) : undefined
  const own: HealthReport = {
    ...ready,
    urls: [url.href],
    window,
    checks: result.checks,
    errorRatePct: window ? errorRatePct(window.total.failures, window.total.requests) : 0,
    healthy: failed.length === 0,
    reason:
      failed.length > 0
        ? `the verification window failed: ${failed.map(describeCheck).join(', ')}`
        : `every URL is ready and the window passed: ${result.checks.map(describeCheck).join(', ')}`,
    finishedAt: new Date().toISOString(),
  }
  return {
    ...own,
    ...judged(own, result.comparison, baseline.url.href),
    comparison: {
      baseline: baseline.url.href,
      interleaved: true,
      comparison: result.comparison,
      windows: { candidate, baseline: base },
    },
  }
}
