// The one planner of blue-green-deploy and rollback: from the deploy state and what was asked, the
// steps in order. Pure: the real run executes exactly these steps and dry-run prints them, so
// the two cannot drift.
import { otherColor, type Color } from './model.js'
import { FINAL_PHASES, UNKNOWN_VERSION, type DeployRecord, type DeployState } from './state.js'

export type Request =
  | { action: 'deploy' | 'stage'; version: string }
  | { action: 'promote' | 'reject' }
  /** `to` is 'previous' or a version from the history. */
  | { action: 'rollback'; to: string }

export interface PlanOptions {
  /** After a failed post-switch check, switch back to the color that served (deploy only; rollback always does). */
  autoRollback: boolean
  /** Keep the previous color running after the drain. */
  keepPrevious: boolean
  /** A public URL to confirm the switch and verify through. */
  publicUrl: boolean
  /** Metric checks to judge the new version by after the switch (deploy, promote). */
  metrics?: boolean
  /** Rollback: verify the target before and after the switch (a redeployed target is always verified). */
  verify: boolean
  /** Where the state lives, for messages. */
  where: string
  /** A database migration runs before the new color starts (deploy, stage). */
  migrate?: boolean
  /** Rollback: migrate-rollback-command runs once traffic is back. */
  migrateRollback?: boolean
}

/** What a rerun does first about a deploy that stopped between phases. */
export type Recovery =
  /** Killed while draining: it had passed verification, so it is complete. */
  | { kind: 'complete'; interrupted: DeployRecord }
  /** Killed while switching or verifying after the switch: traffic goes back to the verified color. */
  | { kind: 'restore'; interrupted: DeployRecord; color: Color; version: string }
  /** Killed before any switch (or with no verified color): marked failed, traffic never moved. */
  | { kind: 'abandon'; interrupted: DeployRecord }

/** What each kind of step needs; the engine (engine/execute.ts) has one function per kind. */
export interface StepMap {
  /** `again`: the run before stopped in this phase, so the migration runs a second time. */
  migrate: { version: string; again: boolean }
  start: { color: Color; version: string }
  verify: { color: Color; version: string }
  stage: { color: Color; version: string }
  switch: { color: Color; version: string }
  'post-verify': { version: string }
  drain: { previous: Color | undefined }
  stop: { color: Color; version: string }
  /** Rollback: migrate-rollback-command, once traffic is back on `version`. */
  'migrate-rollback': { version: string }
}
export type StepKind = keyof StepMap
export type Step<K extends StepKind = StepKind> = { [P in K]: { kind: P } & StepMap[P] }[K]

export interface Work {
  kind: 'run'
  action: DeployRecord['action']
  color: Color
  version: string
  /** The color and version serving when the work starts, if any. */
  from: { color: Color; version: string } | undefined
  steps: Step[]
  /** After a failed switch confirmation or post-switch check: go back to `from`, or just fail. */
  onFailure: 'switch-back' | 'fail'
  /** Rollback: whether the target is started again (its color no longer runs it). */
  redeploy: boolean
}

export interface Plan {
  recovery: Recovery | undefined
  /** `noop`: nothing to do, a success; `refuse`: it cannot be done, a failure that changes nothing. */
  work: Work | { kind: 'noop'; message: string } | { kind: 'refuse'; message: string }
}

/** An interrupted deploy in one line, for the log, the summary and dry-run alike. */
export function interruptedText(recovery: Recovery): string {
  const record = recovery.interrupted
  return `run ${record.runId} (${record.action} ${record.version} to ${record.color}) stopped in phase ${record.phase}`
}

export function planRecovery(state: DeployState): Recovery | undefined {
  const interrupted = state.current
  if (!interrupted || FINAL_PHASES.includes(interrupted.phase)) return undefined
  if (interrupted.phase === 'draining') return { kind: 'complete', interrupted }
  const active = state.active
  if ((interrupted.phase === 'switching' || interrupted.phase === 'post-verify') && active) {
    return { kind: 'restore', interrupted, color: active, version: state.colors[active]?.version ?? '' }
  }
  return { kind: 'abandon', interrupted }
}

function serving(state: DeployState): { color: Color; version: string } | undefined {
  const active = state.active
  return active ? { color: active, version: state.colors[active]?.version ?? '' } : undefined
}

function switchSteps(color: Color, version: string, options: PlanOptions): Step[] {
  const verifyAfter = options.publicUrl || options.metrics === true
  return [{ kind: 'switch', color, version }, ...(verifyAfter ? [{ kind: 'post-verify', version } as const] : [])]
}

function planNewVersion(
  state: DeployState,
  action: 'deploy' | 'stage',
  version: string,
  options: PlanOptions,
): Plan['work'] {
  const from = serving(state)
  if (action === 'deploy' && from && from.version === version) {
    return { kind: 'noop', message: `${version} already serves on ${from.color}, verified: nothing to do` }
  }
  if (state.staged) {
    return {
      kind: 'refuse',
      message: `${state.colors[state.staged]?.version} is staged on ${state.staged}: promote or reject it before deploying again`,
    }
  }
  const color = from ? otherColor(from.color) : 'blue'
  const again = state.current?.phase === 'migrating' && state.current.version === version
  const direct: Step[] = [
    ...(options.migrate ? [{ kind: 'migrate', version, again } as const] : []),
    { kind: 'start', color, version },
    { kind: 'verify', color, version },
  ]
  const steps: Step[] =
    action === 'stage'
      ? [...direct, { kind: 'stage', color, version }]
      : [...direct, ...switchSteps(color, version, options), ...afterSwitch(from, options)]
  return newColorWork(action, { color, version }, from, steps, options)
}

/** Work on a color that takes traffic from `from`: on failure it goes back there when auto-rollback allows. */
function newColorWork(
  action: Work['action'],
  target: { color: Color; version: string },
  from: Work['from'],
  steps: Step[],
  options: PlanOptions,
): Work {
  const onFailure = options.autoRollback && from ? 'switch-back' : 'fail'
  return { kind: 'run', action, ...target, from, steps, onFailure, redeploy: false }
}

function afterSwitch(from: { color: Color; version: string } | undefined, options: PlanOptions): Step[] {
  return [
    { kind: 'drain', previous: from?.color },
    ...(from && !options.keepPrevious ? [{ kind: 'stop', color: from.color, version: from.version } as const] : []),
  ]
}

function planStaged(state: DeployState, action: 'promote' | 'reject', options: PlanOptions): Plan['work'] {
  const color = state.staged
  if (!color) return { kind: 'refuse', message: `Nothing is staged to ${action}: run with action: stage first` }
  const version = state.colors[color]?.version ?? ''
  const steps: Step[] =
    action === 'reject'
      ? [{ kind: 'stop', color, version }]
      : [...switchSteps(color, version, options), ...afterSwitch(serving(state), options)]
  return newColorWork(action, { color, version }, serving(state), steps, options)
}

/** The color and version a rollback goes to, or why there is none. */
function rollbackTarget(
  state: DeployState,
  to: string,
  active: { color: Color; version: string },
  where: string,
): { color: Color; version: string; redeploy: boolean } | { kind: 'noop' | 'refuse'; message: string } {
  const stays = `traffic stays on ${active.color} (${active.version})`
  if (to === 'previous') {
    const other = otherColor(active.color)
    const previous = state.colors[other]
    if (!previous) {
      return {
        kind: 'refuse',
        message: `Nothing to roll back to: only ${active.version} was ever deployed in ${where}; ${stays}`,
      }
    }
    if (previous.rolledBackAt) {
      return {
        kind: 'noop',
        message: `Already rolled back: traffic left ${previous.version} at ${previous.rolledBackAt} and ${active.version} serves on ${active.color}; nothing to do`,
      }
    }
    return { color: other, version: previous.version, redeploy: !previous.running }
  }
  if (to === active.version) return { kind: 'noop', message: `${to} already serves on ${active.color}; nothing to do` }
  const holder = (['blue', 'green'] as const).find((color) => state.colors[color]?.version === to)
  if (holder) return { color: holder, version: to, redeploy: !state.colors[holder]?.running }
  if (state.history.some((record) => record.version === to)) {
    return { color: otherColor(active.color), version: to, redeploy: true }
  }
  const known = [...new Set(state.history.map((record) => record.version))].join(', ')
  return {
    kind: 'refuse',
    message: `Version ${to} is not in the deploy history of ${where} (known: ${known || 'none'}); ${stays}`,
  }
}

function planRollback(state: DeployState, to: string, options: PlanOptions): Plan['work'] {
  const from = serving(state)
  if (!from)
    return { kind: 'refuse', message: `Nothing to roll back: no verified version serves from ${options.where}` }
  const target = rollbackTarget(state, to, from, options.where)
  if ('kind' in target) return target
  const { color, version, redeploy } = target
  if (redeploy && version === UNKNOWN_VERSION) {
    return {
      kind: 'refuse',
      message: `The version to roll back to on ${color} was adopted from a live system and names no version, and ${color} no longer runs it, so it cannot be deployed again; traffic stays on ${from.color} (${from.version})`,
    }
  }
  const verify = options.verify || redeploy
  return {
    kind: 'run',
    action: 'rollback',
    color,
    version,
    from,
    steps: [
      ...(redeploy ? [{ kind: 'start', color, version } as const] : []),
      ...(verify ? [{ kind: 'verify', color, version } as const] : []),
      { kind: 'switch', color, version },
      ...(options.verify && options.publicUrl ? [{ kind: 'post-verify', version } as const] : []),
      ...(options.migrateRollback ? [{ kind: 'migrate-rollback', version } as const] : []),
    ],
    onFailure: 'switch-back',
    redeploy,
  }
}

/** The whole plan: recovery of an interrupted deploy first, then the work asked for. */
export function makePlan(state: DeployState, request: Request, options: PlanOptions): Plan {
  const recovery = planRecovery(state)
  switch (request.action) {
    case 'deploy':
    case 'stage':
      return { recovery, work: planNewVersion(state, request.action, request.version, options) }
    case 'promote':
    case 'reject':
      return { recovery, work: planStaged(state, request.action, options) }
    case 'rollback':
      return { recovery, work: planRollback(state, request.to, options) }
  }
}
