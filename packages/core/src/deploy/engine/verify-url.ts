import { checkHealth, type HealthReport } from '../../probe/check-health.js'
import type { WindowInputs } from '../../probe/inputs.js'
import { UNKNOWN_VERSION } from '../state.js'
import type { Color } from '../model.js'
import { joinUrl } from '../urls.js'
import type { DeployContext } from './context.js'

/** Readiness probes of a color come this often while it starts. */
const READINESS_INTERVAL_MS = 250

/**
 * Health-checks one URL: readiness within the deadline, then the window when one is set. With
 * `version`, an answer that names another version is not healthy.
 */
export async function verifyUrl(
  ctx: DeployContext,
  url: URL,
  verification: WindowInputs,
  options: { signal?: AbortSignal; version?: string } = {},
): Promise<HealthReport> {
  const version = options.version === UNKNOWN_VERSION ? undefined : options.version
  return checkHealth({
    signal: options.signal,
    urls: [joinUrl(url, ctx.target.healthPath)],
    request: { method: 'GET', headers: {}, body: undefined, timeoutMs: ctx.target.timeoutMs },
    criteria: { expectedStatus: ctx.target.expectedStatus, ...(version === undefined ? {} : { version }) },
    readiness: { intervalMs: READINESS_INTERVAL_MS, deadlineMs: ctx.target.deadlineMs, consecutiveSuccesses: 2 },
    window: { durationMs: verification.durationMs, ratePerSecond: verification.ratePerSecond },
    thresholds: verification,
    onAttempt: (attempt) => {
      if (!attempt.healthy) ctx.log.info(`  ${attempt.url}: ${attempt.kind}: ${attempt.reason}`)
    },
  })
}

/** A color that still answers as another version than the one deployed there, in words; else undefined. */
export function staleText(
  report: HealthReport | undefined,
  color: Color,
  version: string,
  deployOutput: string,
): string | undefined {
  const other = report?.readiness.find((result) => result.lastFailure?.otherVersion !== undefined)
  const answered = other?.lastFailure?.otherVersion
  if (!other || answered === undefined) return undefined
  return `${color} still answers as ${answered}, not ${version}, at ${other.url} after ${other.attempts} attempts${deployOutput ? `; deploy-command's last output:\n${deployOutput}` : ''}`
}
