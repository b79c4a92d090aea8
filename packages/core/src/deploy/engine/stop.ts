import type { Color } from '../model.js'
import { COMMAND_TIMEOUT_MS } from '../providers/limits.js'
import type { Step } from '../plan.js'
import { runShell } from '../shell.js'
import { commandEnv, type DeployContext, type Run } from './context.js'

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

export async function stopStep(run: Run, step: Step<'stop'>): Promise<undefined> {
  await stopColor(run.ctx, step.color)
  return undefined
}
