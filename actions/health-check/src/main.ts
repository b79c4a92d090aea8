import { actionLog as log, endGate, onShutdown, setOutputs } from '@shipgate/core/action'
import { checkHealth, type AttemptRecord, type HealthCheckOptions, type HealthReport } from '@shipgate/core/probe'
import { checkAgainstBaseline, type ComparedReport } from './compare.js'
import { writeReportJson, writeSummary } from '@shipgate/core/report'
import { readInputs, type Inputs } from './inputs.js'
import { renderSummary } from './summary.js'

function logAttempt(attempt: AttemptRecord): void {
  const answer = attempt.status === undefined ? 'no answer' : `HTTP ${attempt.status}`
  const verdict = attempt.healthy ? 'healthy' : `${attempt.kind}: ${attempt.reason}`
  log.info(`${attempt.url} attempt ${attempt.attempt}: ${answer} in ${Math.round(attempt.latencyMs)} ms, ${verdict}`)
}

export function outputsOf(report: HealthReport): Record<string, string | number | boolean | undefined> {
  const window = report.window
  return {
    healthy: report.healthy,
    attempts: report.attempts,
    requests: window?.total.requests,
    failures: window?.total.failures,
    'error-rate': window ? report.errorRatePct : undefined,
    p50: window?.total.latency.p50Ms,
    p95: window?.total.latency.p95Ms,
    p99: window?.total.latency.p99Ms,
    rps: window?.total.rps,
  }
}

async function check(inputs: Inputs): Promise<ComparedReport> {
  const cancel = new AbortController()
  const unregister = onShutdown(() => cancel.abort())
  try {
    const options: HealthCheckOptions = {
      urls: inputs.urls,
      request: { method: inputs.method, headers: inputs.headers, body: inputs.body, timeoutMs: inputs.timeoutMs },
      criteria: {
        expectedStatus: inputs.expectedStatus,
        bodyContains: inputs.bodyContains,
        bodyRegex: inputs.bodyRegex,
        json: inputs.json,
      },
      readiness: {
        intervalMs: inputs.intervalMs,
        deadlineMs: inputs.deadlineMs,
        consecutiveSuccesses: inputs.consecutiveSuccesses,
      },
      window: { durationMs: inputs.durationMs, ratePerSecond: inputs.ratePerSecond },
      thresholds: inputs,
      signal: cancel.signal,
      onAttempt: logAttempt,
      // Kept so that this run's report-json can be a later run's baseline-report.
      keepSamples: true,
    }
    return inputs.baseline ? await checkAgainstBaseline(inputs, options) : await checkHealth(options)
  } finally {
    unregister()
  }
}

export async function run(): Promise<void> {
  const inputs = readInputs()
  const report = await check(inputs)
  writeReportJson('health-check', report)
  setOutputs(outputsOf(report))
  writeSummary(renderSummary(report))
  if (report.healthy) log.info(`Healthy: ${report.reason}`)
  else endGate('Not healthy', { passed: report.healthy, reason: report.reason }, inputs.fail, log.warning)
}
