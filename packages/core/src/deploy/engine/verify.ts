import { checkHealth, type HealthReport } from '../../probe/check-health.js'
import type { WindowInputs } from '../../probe/inputs.js'
import type { Color } from '../model.js'
import type { Step } from '../plan.js'
import { UNKNOWN_VERSION } from '../state.js'
import { colorUrl, joinUrl } from '../urls.js'
import { failed, phase, type DeployContext, type Run } from './context.js'
import { stopColor } from './stop.js'
import type { Verdict } from './verdict.js'

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
function staleText(report: HealthReport, color: Color, version: string, deployOutput: string): string | undefined {
  const other = report.readiness.find((result) => result.lastFailure?.otherVersion !== undefined)
  const answered = other?.lastFailure?.otherVersion
  if (!other || answered === undefined) return undefined
  return `${color} still answers as ${answered}, not ${version}, at ${other.url} after ${other.attempts} attempts${deployOutput ? `; deploy-command's last output:\n${deployOutput}` : ''}`
}

/** The color on its own, before any traffic: the platform's readiness first, then HTTP as this version. */
export async function verifyStep(run: Run, step: Step<'verify'>): Promise<Verdict | undefined> {
  const { ctx } = run
  const { color, version } = step
  // The platform's readiness is read while the phase is written: a read changes nothing.
  const readiness = ctx.provider.waitReady?.(color, ctx.target.deadlineMs)
  void readiness?.catch(() => undefined)
  phase(
    ctx,
    'verifying',
    run.rollback
      ? `${color} (${version}) directly, before traffic goes back to it`
      : `${color} directly, before any traffic reaches it`,
  )
  const unhealthy = async (why: string) => {
    if (run.started) await stopColor(ctx, color)
    const from = run.work.from
    return failed(
      run,
      run.rollback
        ? `The rollback target ${version} on ${color} is not healthy (${why}); traffic stays on ${from?.color} (${from?.version})`
        : `${version} on ${color} did not pass verification, so it never received traffic: ${why}`,
    )
  }
  const notReady = await readiness
  if (notReady) return unhealthy(notReady)
  if (ctx.target.urls[color] || !ctx.provider.waitReady) {
    const report = await verifyUrl(ctx, colorUrl(ctx.target, color), run.options.verification, { version })
    run.reports.push({ label: `${color} (${version}) directly`, report })
    if (!report.healthy) return unhealthy(staleText(report, color, version, run.deployOutput) ?? report.reason)
  }
  const colorState = ctx.state.colors[color]
  if (colorState) colorState.verifiedAt = new Date().toISOString()
  return undefined
}
