import type { AnalysisResult, MetricCheck } from '@shipgate/core/metrics'
// Decides from a health-check report whether the rollback trigger fires. Pure: data in, decision out.
import type { HealthReport } from '@shipgate/core/probe'

export interface Trigger {
  fired: boolean
  /** Why it fired or did not, with the numbers. */
  reason: string
  source: 'manual' | 'health-report' | 'watch'
  evidence: Record<string, number | boolean | string>
  /** The metrics analysis of the watch, when checks were given. */
  metrics?: { checks: MetricCheck[]; result: AnalysisResult }
}

export interface TriggerLimits {
  maxErrorRatePct: number
  maxP95Ms: number
}

const fmt = (value: number) => Math.round(value * 100) / 100

export function judgeHealthReport(report: HealthReport, limits: TriggerLimits): Trigger {
  const p95Ms = report.window?.total.latency.p95Ms
  const evidence = {
    healthy: report.healthy,
    errorRatePct: fmt(report.errorRatePct),
    ...(p95Ms === undefined ? {} : { p95Ms }),
  }
  const fired: string[] = []
  if (report.errorRatePct > limits.maxErrorRatePct)
    fired.push(`error rate ${fmt(report.errorRatePct)}% > ${limits.maxErrorRatePct}%`)
  if (p95Ms !== undefined && p95Ms > limits.maxP95Ms) fired.push(`p95 ${p95Ms} ms > ${limits.maxP95Ms} ms`)
  if (!report.healthy && fired.length === 0) fired.push(`the health check failed: ${report.reason}`)
  if (fired.length > 0) return { fired: true, reason: fired.join('; '), source: 'health-report', evidence }
  const numbers = [
    `error rate ${fmt(report.errorRatePct)}% ≤ ${limits.maxErrorRatePct}%`,
    ...(p95Ms === undefined ? [] : [`p95 ${p95Ms} ms ≤ ${limits.maxP95Ms} ms`]),
  ]
  return {
    fired: false,
    reason: `the health report is healthy: ${numbers.join(', ')}`,
    source: 'health-report',
    evidence,
  }
}
