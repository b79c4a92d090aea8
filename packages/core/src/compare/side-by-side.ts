// Two URLs probed in one window at one open-loop rate, their requests interleaved (one side, then
// the other, evenly spaced) so both see the same moments of machine load; then each side's own
// thresholds and the comparison of the two.
import type { HealthCriteria } from '../probe/criteria.js'
import { createDispatcher, type ProbeRequest } from '../probe/http.js'
import { evaluateWindow, type ThresholdCheck, type Thresholds } from '../probe/thresholds.js'
import { runWindow, type UrlWindow, type WindowResult } from '../probe/window.js'
import { compareSides, type CompareLimits, type Comparison, type Side } from './compare.js'

export interface SideBySide {
  window: WindowResult
  /** The candidate's own thresholds, judged on its requests alone. */
  checks: ThresholdCheck[]
  comparison: Comparison
}

/** A window of one URL out of a window of several, so thresholds judge that URL alone. */
export function windowOf(result: WindowResult, url: UrlWindow): WindowResult {
  const { samples: _samples, series: _series, url: _url, ...total } = url
  return { ...result, perUrl: [url], total }
}

export function sideOf(name: string, url: UrlWindow | undefined): Side {
  return {
    name,
    latenciesMs: url?.samples ?? [],
    requests: url?.requests ?? 0,
    failures: url?.failures ?? 0,
  }
}

export async function sideBySide(options: {
  baseline: { name: string; url: URL }
  candidate: { name: string; url: URL }
  request: ProbeRequest
  criteria: HealthCriteria
  durationMs: number
  ratePerSecond: number
  thresholds: Thresholds
  limits: CompareLimits
  signal?: AbortSignal
}): Promise<SideBySide> {
  const dispatcher = createDispatcher()
  try {
    const window = await runWindow(dispatcher, [options.candidate.url, options.baseline.url], {
      ratePerSecond: options.ratePerSecond,
      durationMs: options.durationMs,
      request: options.request,
      criteria: options.criteria,
      signal: options.signal,
      stagger: true,
      keepSamples: true,
    })
    const [candidate, baseline] = window.perUrl
    const checks = candidate ? evaluateWindow(windowOf(window, candidate), options.thresholds) : []
    const comparison = compareSides(
      sideOf(options.baseline.name, baseline),
      sideOf(options.candidate.name, candidate),
      options.limits,
    )
    return { window, checks, comparison }
  } finally {
    await dispatcher.close()
  }
}
