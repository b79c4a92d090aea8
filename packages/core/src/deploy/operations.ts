// The steps blue-green-deploy and rollback compose: start, verify, switch and stop a color;
// each writes the deploy state before it changes anything. plan.ts decides, execute.ts runs them.
import { InputError, UserError } from '../action/errors.js'
import type { Logger } from '../action/logger.js'
import { checkHealth, type HealthReport } from '../probe/check-health.js'
import type { WindowInputs } from '../probe/inputs.js'
import { confirmVersion } from './confirm.js'
import type { Color, DeployTarget } from './inputs.js'
import { COMMAND_TIMEOUT_MS, colorEnv, type SwitchTarget, type TrafficProvider } from './providers/index.js'
import { runShell } from './shell.js'
import { enterPhase, UNKNOWN_VERSION, type DeployState, type Phase } from './state.js'
import { joinUrl } from './urls.js'
import type { DeployStore } from './store.js'

export interface DeployContext {
  target: DeployTarget
  provider: TrafficProvider
  store: DeployStore
  state: DeployState
  runId: string
  log: Logger
}

/** Readiness probes of a color come this often while it starts. */
const READINESS_INTERVAL_MS = 250

export function switchTarget(ctx: DeployContext, color: Color, version: string): SwitchTarget {
  return { color, version, url: ctx.target.urls[color] }
}

function commandEnv(ctx: DeployContext, color: Color, version: string): Record<string, string> {
  return { ...colorEnv(switchTarget(ctx, color, version)), ...ctx.provider.commandEnv?.(color) }
}

export function phase(ctx: DeployContext, next: Phase, detail: string, reason?: string): void {
  enterPhase(ctx.store, ctx.state, next, reason)
  ctx.log.info(`▶ phase ${next}: ${detail}`)
}

/**
 * Starts `version` on `color`; returns the deploy command's last output lines. What the color
 * still runs is stopped first (unless starting replaces it, as a Deployment's rollout does): a
 * deploy command cannot bind a port the previous version still holds.
 */
export async function startColor(ctx: DeployContext, color: Color, version: string): Promise<string> {
  const command = ctx.target.deployCommand
  const provider = ctx.provider
  if (!command && !provider.start)
    throw new InputError('deploy-command', '', 'a shell command that starts $BG_VERSION on $BG_COLOR')
  const stale = ctx.state.colors[color]
  if (stale?.running && !provider.replacesOnStart) {
    if (ctx.target.stopCommand || provider.stop) {
      ctx.log.info(`${color} still runs ${stale.version}: stopping it before ${version} starts there`)
      await stopColor(ctx, color)
    } else {
      ctx.log.warning(
        `${color} still runs ${stale.version} and there is no stop-command: deploy-command must replace it, or ${version} is not verified`,
      )
    }
  }
  ctx.state.colors[color] = { version, running: true }
  if (!command) {
    await provider.start?.(switchTarget(ctx, color, version))
    return ''
  }
  const result = await runShell(command, commandEnv(ctx, color, version), {
    label: `deploy ${color}`,
    timeoutMs: COMMAND_TIMEOUT_MS,
    log: ctx.log,
  })
  if (result.exitCode !== 0) {
    throw new UserError(
      `deploy-command failed for ${version} on ${color} (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}); traffic is unchanged. Its output:\n${result.tail}`,
    )
  }
  return result.tail
}

/** Stops a color; a failure is a warning, since traffic is already elsewhere. */
export async function stopColor(ctx: DeployContext, color: Color): Promise<void> {
  const colorState = ctx.state.colors[color]
  const command = ctx.target.stopCommand
  const provider = ctx.provider
  if (!colorState) return
  if (!command) {
    if (!provider.stop) return
    try {
      await provider.stop(color)
      colorState.running = false
    } catch (error) {
      ctx.log.warning(
        `Could not stop ${color}: ${error instanceof Error ? error.message : String(error)}; it may still be running`,
      )
    }
    return
  }
  const result = await runShell(command, commandEnv(ctx, color, colorState.version), {
    label: `stop ${color}`,
    timeoutMs: COMMAND_TIMEOUT_MS,
    log: ctx.log,
  })
  if (result.exitCode === 0) colorState.running = false
  else ctx.log.warning(`stop-command failed for ${color} (exit ${result.exitCode}); it may still be running`)
}

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

/**
 * Moves traffic to `color` and, when there is a public URL, confirms the entrypoint now answers
 * as `version`. Returns why it was not confirmed (traffic may then be on either color).
 */
export async function switchTraffic(ctx: DeployContext, color: Color, version: string): Promise<string | undefined> {
  await ctx.provider.switchTo(switchTarget(ctx, color, version))
  const settled = await ctx.provider.confirmSwitch?.(color, ctx.target.deadlineMs)
  if (settled) return settled
  const publicUrl = ctx.target.publicUrl
  if (!publicUrl) return undefined
  return confirmVersion({
    url: joinUrl(publicUrl, ctx.target.healthPath),
    version,
    criteria: { expectedStatus: ctx.target.expectedStatus },
    timeoutMs: ctx.target.timeoutMs,
    deadlineMs: ctx.target.deadlineMs,
    log: ctx.log,
  })
}
