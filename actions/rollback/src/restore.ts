// Puts traffic back on an earlier version: by switching when its color still runs (seconds), by
// redeploying it when it does not. Never switches away from the only verified color unless the
// target has passed verification, and never stays on a target that fails after the switch.
import {
  COLORS,
  colorUrl,
  otherColor,
  phase,
  startColor,
  stopColor,
  switchTraffic,
  verifyUrl,
  type Color,
  type DeployContext,
} from '@shipgate/core/deploy'
import type { HealthReport } from '@shipgate/core/probe'
import type { Inputs } from './inputs.js'

export interface RestoreResult {
  rolledBack: boolean
  message: string
  /** Set when the step must fail. */
  failure?: string
  from?: { color: Color; version: string }
  to?: { color: Color; version: string; redeployed: boolean }
  reports: Array<{ label: string; report: HealthReport }>
}

type Target = { color: Color; version: string; redeploy: boolean } | { done: RestoreResult }

function chooseTarget(ctx: DeployContext, inputs: Inputs, active: Color, activeVersion: string): Target {
  const { state } = ctx
  const stays = `traffic stays on ${active} (${activeVersion})`
  if (inputs.to === 'previous') {
    const other = otherColor(active)
    const previous = state.colors[other]
    if (!previous) {
      const failure = `Nothing to roll back to: only ${activeVersion} was ever deployed in ${inputs.stateDir}; ${stays}`
      return { done: { rolledBack: false, message: failure, failure, reports: [] } }
    }
    if (previous.rolledBackAt) {
      return {
        done: {
          rolledBack: false,
          message: `Already rolled back: traffic left ${previous.version} at ${previous.rolledBackAt} and ${activeVersion} serves on ${active}; nothing to do`,
          reports: [],
        },
      }
    }
    return { color: other, version: previous.version, redeploy: !previous.running }
  }
  if (inputs.to === activeVersion) {
    return {
      done: { rolledBack: false, message: `${activeVersion} already serves on ${active}; nothing to do`, reports: [] },
    }
  }
  const holder = COLORS.find((color) => state.colors[color]?.version === inputs.to)
  if (holder) return { color: holder, version: inputs.to, redeploy: !state.colors[holder]?.running }
  if (state.history.some((record) => record.version === inputs.to)) {
    return { color: otherColor(active), version: inputs.to, redeploy: true }
  }
  const known = [...new Set(state.history.map((record) => record.version))].join(', ')
  const failure = `Version ${inputs.to} is not in the deploy history of ${inputs.stateDir} (known: ${known || 'none'}); ${stays}`
  return { done: { rolledBack: false, message: failure, failure, reports: [] } }
}

export async function restore(ctx: DeployContext, inputs: Inputs, reason: string): Promise<RestoreResult> {
  const { state } = ctx
  const active = state.active
  if (!active) {
    const failure = `Nothing to roll back: no verified version serves from ${inputs.stateDir}`
    return { rolledBack: false, message: failure, failure, reports: [] }
  }
  const activeVersion = state.colors[active]?.version ?? ''
  const target = chooseTarget(ctx, inputs, active, activeVersion)
  if ('done' in target) return target.done
  const { color, version, redeploy } = target
  const from = { color: active, version: activeVersion }
  const reports: RestoreResult['reports'] = []
  const fail = (failure: string): RestoreResult => {
    phase(ctx, 'failed', failure, failure)
    return { rolledBack: false, message: failure, failure, from, reports }
  }
  // Restoring is about seconds: readiness only, no load window.
  const readinessOnly = {
    durationMs: 0,
    ratePerSecond: 0,
    maxErrorRatePct: inputs.maxErrorRatePct,
    maxP95Ms: inputs.maxP95Ms,
  }
  const now = new Date().toISOString()
  state.current = {
    runId: ctx.runId,
    action: 'rollback',
    version,
    color,
    phase: 'deploying',
    startedAt: now,
    timeline: [],
    reason,
  }

  if (redeploy) {
    phase(ctx, 'deploying', `${version} again on ${color}: its color no longer runs it`)
    await startColor(ctx, color, version)
  }
  if (inputs.verify || redeploy) {
    phase(ctx, 'verifying', `${color} (${version}) directly, before traffic goes back to it`)
    const report = await verifyUrl(ctx, colorUrl(ctx.target, color), readinessOnly)
    reports.push({ label: `${color} (${version}) directly`, report })
    if (!report.healthy) {
      if (redeploy) await stopColor(ctx, color)
      return fail(
        `The rollback target ${version} on ${color} is not healthy (${report.reason}); traffic stays on ${active} (${activeVersion})`,
      )
    }
  }
  phase(ctx, 'switching', `traffic back to ${color} (${version})`)
  const notConfirmed = await switchTraffic(ctx, color, version)
  let publicReport: HealthReport | undefined
  if (!notConfirmed && inputs.verify && ctx.target.publicUrl) {
    phase(ctx, 'post-verify', `${ctx.target.publicUrl.href} serves ${version}`)
    publicReport = await verifyUrl(ctx, ctx.target.publicUrl, readinessOnly)
    reports.push({ label: 'public URL after the rollback', report: publicReport })
  }
  const problem = notConfirmed ?? (publicReport && !publicReport.healthy ? publicReport.reason : undefined)
  if (problem) {
    const back = await switchTraffic(ctx, active, activeVersion)
    return fail(
      `Traffic went to ${version} on ${color} but ${problem}; ${back ? `switching back to ${active} was not confirmed either (${back}): check by hand` : `it is back on ${active} (${activeVersion})`}`,
    )
  }
  const colorState = state.colors[color]
  if (colorState) colorState.verifiedAt = new Date().toISOString()
  const fromState = state.colors[active]
  if (fromState) fromState.rolledBackAt = new Date().toISOString()
  state.active = color
  const message = `Rolled back from ${activeVersion} (${active}) to ${version} (${color})${redeploy ? ', redeployed' : ''}: ${reason}`
  phase(ctx, 'rolled-back', message, reason)
  return { rolledBack: true, message, from, to: { color, version, redeployed: redeploy }, reports }
}
