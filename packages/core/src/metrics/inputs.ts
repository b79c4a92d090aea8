import { InputError } from '../action/errors.js'
import { duration, httpUrl, inputReader, number, runnerInput, text, type GetInput } from '../action/inputs.js'
import { parseMetricChecks } from './checks.js'
import type { MetricsInputs } from './analysis.js'

/**
 * The metrics analysis both deploy actions share: `prometheus-url`, `prometheus-token`,
 * `metrics`, `metrics-interval`, `metrics-failure-limit`. Undefined when no check is asked for.
 */
export function readMetricsInputs(get: GetInput = runnerInput, timeoutMs = 10_000): MetricsInputs | undefined {
  const { input, optionalInput, secretInput } = inputReader(get)
  const url = optionalInput('prometheus-url', httpUrl)
  const checks = optionalInput('metrics', text)
  if (url === undefined && checks === undefined) return undefined
  if (url === undefined) {
    throw new InputError('prometheus-url', '', 'the base URL of the Prometheus HTTP API, because metrics is set')
  }
  if (checks === undefined) {
    throw new InputError('metrics', '', 'the checks to evaluate, because prometheus-url is set')
  }
  return {
    prometheus: { url, token: secretInput('prometheus-token'), timeoutMs },
    checks: parseMetricChecks(checks),
    intervalMs: input('metrics-interval', duration({ allowZero: false })),
    failureLimit: input('metrics-failure-limit', number({ min: 1, max: 100, integer: true })),
  }
}
