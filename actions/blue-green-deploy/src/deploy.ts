// The order that is the product: deploy the idle color, verify it directly, switch, verify
// through the public entrypoint, drain, keep or stop the old color; roll back on failure.
import * as core from '@actions/core'
import { UserError } from '@shipgate/core/action'
import {
  otherColor,
  phase,
  startColor,
  stopColor,
  switchTraffic,
  verifyUrl,
  colorUrl,
  type Color,
  type DeployContext,
} from '@shipgate/core/deploy'
import type { HealthReport } from '@shipgate/core/probe'
import type { Inputs } from './inputs.js'

export interface Outcome {
  phase: string
  rolledBack: boolean
  /** What happened, in one sentence. */
  message: string
  /** Set when the step must fail, with the reason. */
  failure?: string
  reports: Array<{ label: string; report: HealthReport }>
}

function begin(ctx: DeployContext, action: string, version: string, color: Color): void {
  const now = new Date().toISOString()
  ctx.state.current = { runId: ctx.runId, action, version, color, phase: 'deploying', startedAt: now, timeline: [] }
}

/** Deploy `version` on the idle color and verify it there; traffic does not move. */
async function deployIdle(
  ctx: DeployContext,
  inputs: Inputs,
  version: string,
  outcome: Outcome,
): Promise<Color | undefined> {
  const color = ctx.state.active ? otherColor(ctx.state.active) : 'blue'
  begin(ctx, inputs.action, version, color)
  phase(ctx, 'deploying', `${version} on ${color} (${colorUrl(ctx.target, color).href})`)
  await startColor(ctx, color, version)
  phase(ctx, 'verifying', `${color} directly, before any traffic reaches it`)
  const report = await verifyUrl(ctx, colorUrl(ctx.target, color), inputs)
  outcome.reports.push({ label: `${color} (${version}) directly`, report })
  if (!report.healthy) {
    await stopColor(ctx, color)
    const reason = `${version} on ${color} did not pass verification, so it never received traffic: ${report.reason}`
    phase(ctx, 'failed', reason, reason)
    Object.assign(outcome, { phase: 'failed', message: reason, failure: reason })
    return undefined
  }
  const colorState = ctx.state.colors[color]
  if (colorState) colorState.verifiedAt = new Date().toISOString()
  return color
}

/** Switch to a verified color, verify through the public URL, drain; roll back on failure. */
async function promoteColor(ctx: DeployContext, inputs: Inputs, color: Color, outcome: Outcome): Promise<void> {
  const version = ctx.state.colors[color]?.version ?? ''
  const previous = ctx.state.active
  const previousVersion = previous ? (ctx.state.colors[previous]?.version ?? '') : undefined
  phase(ctx, 'switching', `traffic to ${color} (${version})`)
  const notConfirmed = await switchTraffic(ctx, color, version)
  let problem = notConfirmed
  if (!problem && ctx.target.publicUrl) {
    phase(ctx, 'post-verify', `${ctx.target.publicUrl.href} now that it serves ${version}`)
    const report = await verifyUrl(ctx, ctx.target.publicUrl, inputs)
    outcome.reports.push({ label: `public URL after the switch`, report })
    if (!report.healthy) problem = report.reason
  }
  if (problem) {
    if (inputs.autoRollback && previous && previousVersion !== undefined) {
      core.warning(
        `Verification after the switch failed (${problem}); switching back to ${previous} (${previousVersion})`,
      )
      const backNotConfirmed = await switchTraffic(ctx, previous, previousVersion)
      if (backNotConfirmed) {
        const reason = `${version} failed after the switch (${problem}) and switching back to ${previous} was not confirmed: ${backNotConfirmed}`
        phase(ctx, 'failed', reason, reason)
        Object.assign(outcome, { phase: 'failed', message: reason, failure: reason })
        return
      }
      await stopColor(ctx, color)
      const failed = ctx.state.colors[color]
      if (failed) failed.rolledBackAt = new Date().toISOString()
      const reason = `${version} failed verification after the switch (${problem}); traffic is back on ${previous} (${previousVersion})`
      phase(ctx, 'rolled-back', reason, reason)
      Object.assign(outcome, { phase: 'rolled-back', rolledBack: true, message: reason, failure: reason })
      return
    }
    const reason = `${version} failed verification after the switch (${problem})${previous ? '; auto-rollback is off' : '; there is no previous color to go back to'}`
    phase(ctx, 'failed', reason, reason)
    Object.assign(outcome, { phase: 'failed', message: reason, failure: reason })
    return
  }
  ctx.state.active = color
  phase(ctx, 'draining', `${previous ?? 'nothing'} keeps in-flight requests for ${inputs.drainMs / 1000}s`)
  if (previous && inputs.drainMs > 0) await new Promise((resolve) => setTimeout(resolve, inputs.drainMs))
  if (previous && !inputs.keepPrevious) await stopColor(ctx, previous)
  const message = `${version} serves on ${color}${previous ? `; ${previous} (${previousVersion}) is ${inputs.keepPrevious ? 'kept for an instant rollback' : 'stopped'}` : ''}`
  phase(ctx, 'complete', message)
  Object.assign(outcome, { phase: 'complete', message })
}

export async function runDeployAction(ctx: DeployContext, inputs: Inputs): Promise<Outcome> {
  const outcome: Outcome = { phase: '', rolledBack: false, message: '', reports: [] }
  const { state } = ctx
  switch (inputs.action) {
    case 'deploy':
    case 'stage': {
      const version = inputs.version ?? ''
      const active = state.active
      if (active && state.colors[active]?.version === version && inputs.action === 'deploy') {
        return {
          ...outcome,
          phase: 'complete',
          message: `${version} already serves on ${active}, verified: nothing to do`,
        }
      }
      if (state.staged) {
        throw new UserError(
          `${state.colors[state.staged]?.version} is staged on ${state.staged}: promote or reject it before deploying again`,
        )
      }
      const color = await deployIdle(ctx, inputs, version, outcome)
      if (!color) return outcome
      if (inputs.action === 'stage') {
        state.staged = color
        const message = `${version} is staged on ${color}, verified, without traffic: promote or reject it next`
        phase(ctx, 'staged', message)
        return { ...outcome, phase: 'staged', message }
      }
      await promoteColor(ctx, inputs, color, outcome)
      return outcome
    }
    case 'promote': {
      const color = state.staged
      if (!color) throw new UserError('Nothing is staged to promote: run with action: stage first')
      state.staged = undefined
      begin(ctx, 'promote', state.colors[color]?.version ?? '', color)
      await promoteColor(ctx, inputs, color, outcome)
      return outcome
    }
    case 'reject': {
      const color = state.staged
      if (!color) throw new UserError('Nothing is staged to reject: run with action: stage first')
      const version = state.colors[color]?.version ?? ''
      state.staged = undefined
      begin(ctx, 'reject', version, color)
      await stopColor(ctx, color)
      const message = `${version} on ${color} is rejected and stopped; traffic never reached it`
      phase(ctx, 'rejected', message)
      return { ...outcome, phase: 'rejected', message }
    }
  }
}
