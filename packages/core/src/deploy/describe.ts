// What dry-run prints: the plan (plan.ts) in words, the same plan the real run carries out.
import type { DeployTarget } from './model.js'
import { providerWords } from './providers/index.js'
import { colorUrl } from './urls.js'
import type { WindowInputs } from '../probe/inputs.js'
import { interruptedText, type Plan, type Step } from './plan.js'
import type { DeployState } from './state.js'

const seconds = (ms: number) => `${ms / 1000}s`

function verifyText(target: DeployTarget, base: URL, verification: WindowInputs): string {
  const window =
    verification.durationMs > 0
      ? `, then ${verification.ratePerSecond} req/s for ${seconds(verification.durationMs)} with error rate ≤ ${verification.maxErrorRatePct}% and p95 ≤ ${verification.maxP95Ms} ms`
      : ''
  return `verify ${base.href.replace(/\/$/, '')}${target.healthPath}: ready within ${seconds(target.deadlineMs)}${window}`
}

function stepText(
  step: Step,
  target: DeployTarget,
  state: DeployState,
  verification: WindowInputs,
  drainMs: number,
): string {
  const words = providerWords(target)
  switch (step.kind) {
    case 'start': {
      const started = words.start(step.color, step.version)
      return started && !target.deployCommand
        ? `deploy ${step.version} on ${step.color}: ${started}`
        : `deploy ${step.version} on ${step.color} with deploy-command (BG_URL=${colorUrl(target, step.color).href})`
    }
    case 'verify': {
      const url = target.urls[step.color]
      const ready = words.readiness(step.color)
      if (!ready) return verifyText(target, colorUrl(target, step.color), verification)
      return `${ready}${url ? `, then ${verifyText(target, url, verification)}` : ''}`
    }
    case 'stage':
      return 'stop there: staged, no traffic'
    case 'switch':
      return `switch: ${words.switch(step.color)}`
    case 'post-verify':
      return target.publicUrl ? `confirm and ${verifyText(target, target.publicUrl, verification)}` : ''
    case 'drain':
      return `drain ${seconds(drainMs)}${step.previous ? ` while ${step.previous} finishes in-flight requests` : ''}`
    case 'stop':
      return `stop ${step.color} (${step.version}) with stop-command`
    case 'migrate':
      return `migrate the database for ${step.version} from revision ${state.database?.revision ?? '(none recorded yet; schema-version-command reads it)'}${step.again ? ', again: the run before stopped while migrating' : ''}, the serving color watched through it and compat-window after`
    case 'migrate-rollback':
      return `once traffic is back on ${step.version}: migrate-rollback-command`
  }
}

/** The plan as numbered lines, starting with where things stand now. */
export function describePlan(
  plan: Plan,
  state: DeployState,
  target: DeployTarget,
  verification: WindowInputs,
  drainMs: number,
): string[] {
  const active = state.active
  const lines = [
    `now: ${active ? `${state.colors[active]?.version} serves on ${active}` : 'nothing deployed'}${state.staged ? `; ${state.colors[state.staged]?.version} staged on ${state.staged}` : ''}`,
  ]
  const recovery = plan.recovery
  if (recovery) {
    const interrupted = interruptedText(recovery)
    lines.push(
      recovery.kind === 'complete'
        ? `first: ${interrupted} had passed verification: mark it complete`
        : recovery.kind === 'restore'
          ? `first: ${interrupted}: switch traffic back to ${recovery.color} (${recovery.version}), the last verified color`
          : `first: ${interrupted} before any switch: mark it failed`,
    )
  }
  const work = plan.work
  if (work.kind === 'noop') return [...lines, work.message]
  if (work.kind === 'refuse') return [...lines, `refused: ${work.message}`]
  lines.push(...work.steps.map((step) => stepText(step, target, state, verification, drainMs)).filter(Boolean))
  if (work.steps.some((step) => step.kind === 'switch')) {
    lines.push(
      work.onFailure === 'switch-back' && work.from
        ? `on failure: switch back to ${work.from.color} (${work.from.version})`
        : 'on failure: fail the step',
    )
  }
  return lines
}
