import { InputError, UserError } from '../../action/errors.js'
import type { Color } from '../model.js'
import type { Step } from '../plan.js'
import { COMMAND_TIMEOUT_MS } from '../providers/limits.js'
import { runShell } from '../shell.js'
import { commandEnv, phase, switchTarget, type DeployContext, type Run } from './context.js'
import { stopColor } from './stop.js'

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
  const schemaRevision = ctx.state.database?.revision
  ctx.state.colors[color] = { version, running: true, ...(schemaRevision ? { schemaRevision } : {}) }
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

export async function startStep(run: Run, step: Step<'start'>): Promise<undefined> {
  const { ctx } = run
  const { color, version } = step
  const url = ctx.target.urls[color]
  phase(
    ctx,
    'deploying',
    run.rollback
      ? `${version} again on ${color}: its color no longer runs it`
      : `${version} on ${color}${url ? ` (${url.href})` : ''}`,
  )
  run.deployOutput = await startColor(ctx, color, version)
  run.started = true
  return undefined
}
