import type { WindowResult } from './window.js'

export interface Thresholds {
  maxErrorRatePct: number
  maxP95Ms: number
  maxP99Ms?: number
  minRps?: number
}

export interface ThresholdCheck {
  name: 'error-rate' | 'p95' | 'p99' | 'rps'
  unit: '%' | 'ms' | 'rps'
  /** `max`: actual must not exceed limit; `min`: actual must reach it. */
  kind: 'max' | 'min'
  limit: number
  actual: number
  passed: boolean
}

export function errorRatePct(failures: number, requests: number): number {
  return requests === 0 ? 0 : (failures / requests) * 100
}

/** Each threshold of the window, compared unrounded. */
export function evaluateWindow(window: WindowResult, thresholds: Thresholds): ThresholdCheck[] {
  const { total } = window
  const checks: ThresholdCheck[] = []
  const max = (name: ThresholdCheck['name'], unit: ThresholdCheck['unit'], limit: number, actual: number) =>
    checks.push({ name, unit, kind: 'max', limit, actual, passed: actual <= limit })
  max('error-rate', '%', thresholds.maxErrorRatePct, errorRatePct(total.failures, total.requests))
  max('p95', 'ms', thresholds.maxP95Ms, total.latency.p95Ms)
  if (thresholds.maxP99Ms !== undefined) max('p99', 'ms', thresholds.maxP99Ms, total.latency.p99Ms)
  if (thresholds.minRps !== undefined) {
    checks.push({
      name: 'rps',
      unit: 'rps',
      kind: 'min',
      limit: thresholds.minRps,
      actual: total.rps,
      passed: total.rps >= thresholds.minRps,
    })
  }
  return checks
}

export function describeCheck(check: ThresholdCheck): string {
  const fmt = (value: number) => `${Math.round(value * 100) / 100}${check.unit === '%' ? '%' : ` ${check.unit}`}`
  const relation = check.kind === 'max' ? (check.passed ? '≤' : '>') : check.passed ? '≥' : '<'
  return `${check.name} ${fmt(check.actual)} ${relation} ${fmt(check.limit)}`
}
