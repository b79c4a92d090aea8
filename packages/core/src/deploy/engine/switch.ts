import { confirmVersion } from '../confirm.js'
import type { Color } from '../model.js'
import type { Step } from '../plan.js'
import { joinUrl } from '../urls.js'
import { failed, phase, switchTarget, type DeployContext, type Run } from './context.js'
import { stopColor } from './stop.js'
import { verdict, type Verdict } from './verdict.js'

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

/** A switch that was not confirmed, or a check after it that failed: back to `from` when the plan allows. */
export async function afterFailedSwitch(run: Run, problem: string): Promise<Verdict> {
  const { ctx, work } = run
  const { color, version, from } = work
  if (work.onFailure === 'fail' || !from) {
    return failed(
      run,
      `${version} failed verification after the switch (${problem})${from ? '; auto-rollback is off' : '; there is no previous color to go back to'}`,
    )
  }
  if (!run.rollback) {
    ctx.log.warning(
      `Verification after the switch failed (${problem}); switching back to ${from.color} (${from.version})`,
    )
  }
  const back = await switchTraffic(ctx, from.color, from.version)
  if (run.rollback) {
    return failed(
      run,
      `Traffic went to ${version} on ${color} but ${problem}; ${back ? `switching back to ${from.color} was not confirmed either (${back}): check by hand` : `it is back on ${from.color} (${from.version})`}`,
    )
  }
  if (back) {
    return failed(
      run,
      `${version} failed after the switch (${problem}) and switching back to ${from.color} was not confirmed: ${back}`,
    )
  }
  await stopColor(ctx, color)
  const left = ctx.state.colors[color]
  if (left) left.rolledBackAt = new Date().toISOString()
  const reason = `${version} failed verification after the switch (${problem}); traffic is back on ${from.color} (${from.version})`
  phase(ctx, 'rolled-back', reason, reason)
  return verdict('rolled-back', reason, {
    passed: false,
    rolledBack: true,
    from,
    reports: run.reports,
    metrics: run.metrics,
  })
}

export async function switchStep(run: Run, step: Step<'switch'>): Promise<Verdict | undefined> {
  const { ctx } = run
  ctx.provider.beforeSwitch?.()
  phase(ctx, 'switching', `traffic ${run.rollback ? 'back ' : ''}to ${step.color} (${step.version})`)
  const notConfirmed = await switchTraffic(ctx, step.color, step.version)
  return notConfirmed ? afterFailedSwitch(run, notConfirmed) : undefined
}
