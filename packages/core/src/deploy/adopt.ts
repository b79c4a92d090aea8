// The data plane against the deploy state, read under the lock before planning. "No state" is
// not "nothing serves": a first run on a system shipgate did not set up adopts what serves (so
// the deploy goes to the other color) and records what the idle color still runs (so it is
// replaced, not assumed empty). Pure: the providers gather what they see, this decides.
import { otherColor, type Color } from './model.js'
import { FINAL_PHASES, UNKNOWN_VERSION, type DeployState } from './state.js'

/** What runs on a color that takes no traffic; `version` undefined when it names none. */
export interface IdleColor {
  version: string | undefined
}

/**
 * What a provider sees of its data plane. `pointsAt`: the color traffic is routed to, healthy or
 * not, as `where` (the Service, the include) records it.
 */
export type Observation = { where: string } &
  /** Nothing serves yet: a first install. */
  (
    | { kind: 'nothing'; why: string; pointsAt?: Color; idle: Partial<Record<Color, IdleColor>> }
    /** `color` serves, healthy, as `version` (undefined: it names none); `source` says how that was seen. */
    | {
        kind: 'serving'
        color: Color
        version: string | undefined
        source: string
        pointsAt: Color
        idle: Partial<Record<Color, IdleColor>>
      }
    /** Something serves that shipgate cannot verify; `why` says what settles it. Nothing may change. */
    | { kind: 'unverifiable'; why: string; pointsAt?: Color }
  )

export type Reconciled =
  | { kind: 'agree' }
  /** The state now records what the data plane showed; `message` is the warning that says so. */
  | { kind: 'adopt'; message: string }
  /** Stop before anything changes. */
  | { kind: 'refuse'; message: string }

/** Whether the state already knows what serves: a verified active color, or a deploy to recover first. */
export function knowsServing(state: DeployState): boolean {
  return state.active !== undefined || (state.current !== undefined && !FINAL_PHASES.includes(state.current.phase))
}

function recordIdle(state: DeployState, idle: Partial<Record<Color, IdleColor>>): string[] {
  const notes: string[] = []
  for (const color of ['blue', 'green'] as const) {
    const seen = idle[color]
    if (!seen) continue
    const version = seen.version ?? UNKNOWN_VERSION
    state.colors[color] = { version, running: true }
    notes.push(`${color} still runs ${version} without traffic: it is stopped and replaced before anything is verified`)
  }
  return notes
}

/**
 * A first run (no verified color, nothing to recover): adopts what serves, or refuses an
 * unverifiable data plane. `runId` and `nowIso` stamp the adoption in the history, so that a
 * rollback can restore the adopted version.
 */
function adopt(state: DeployState, observation: Observation, runId: string, nowIso: string): Reconciled {
  if (observation.kind === 'unverifiable') {
    return { kind: 'refuse', message: `First run on a live system, and nothing was changed: ${observation.why}` }
  }
  if (observation.kind === 'nothing') {
    const notes = recordIdle(state, observation.idle)
    if (notes.length === 0) return { kind: 'agree' }
    return { kind: 'adopt', message: `First run: ${observation.why}; ${notes.join('; ')}` }
  }
  const { color, source } = observation
  const version = observation.version ?? UNKNOWN_VERSION
  state.colors = {}
  const notes = recordIdle(state, { [otherColor(color)]: observation.idle[otherColor(color)] })
  state.colors[color] = { version, running: true, verifiedAt: nowIso, adoptedFrom: source }
  state.active = color
  const reason = `adopted from ${source}`
  state.history = [
    {
      // Its own id: the run's deploy record, written to the history when it ends, replaces its namesake.
      runId: `${runId}.adopt`,
      action: 'adopt',
      version,
      color,
      phase: 'complete',
      startedAt: nowIso,
      finishedAt: nowIso,
      timeline: [{ phase: 'complete', at: nowIso }],
      reason,
    },
    ...state.history,
  ]
  const named =
    observation.version === undefined
      ? `${color}, which names no version (it can be switched back to, not redeployed)`
      : `${color} (${version})`
  return {
    kind: 'adopt',
    message: `First run on a live system: ${source} shows ${named} serving; adopted as the serving color, so this run deploys to ${otherColor(color)}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
  }
}

/**
 * Where the platform itself says traffic goes (a Kubernetes Service's selector) against the
 * state's record, outside an interrupted deploy (recovery handles those). The platform is the
 * truth: a verified color it points at becomes the active one; an unverified one stops the run.
 */
function followPlatform(state: DeployState, selected: Color | undefined, where: string): Reconciled {
  const active = state.active
  if (!selected || !active || selected === active) return { kind: 'agree' }
  const recorded = `${active} (${state.colors[active]?.version ?? '?'})`
  const there = state.colors[selected]
  if (!there?.verifiedAt || there.rolledBackAt) {
    return {
      kind: 'refuse',
      message: `${where} selects ${selected}, but the deploy state says ${recorded} serves and ${selected} ${there ? `(${there.version}) ${there.rolledBackAt ? 'was rolled back' : 'never passed verification'}` : 'was never deployed'}: traffic was moved outside shipgate onto an unverified color. Point it back at ${active} or roll back by hand, then run again`,
    }
  }
  state.active = selected
  return {
    kind: 'adopt',
    message: `${where} selects ${selected} (${there.version}), not ${recorded} as the deploy state recorded: traffic was switched outside shipgate; continuing from what ${where} says`,
  }
}

/** Brings the state in line with the data plane (mutating it), or says why the run must stop. */
export function reconcileLive(
  state: DeployState,
  observation: Observation,
  stamp: { runId: string; nowIso: string },
): Reconciled {
  if (state.current && !FINAL_PHASES.includes(state.current.phase)) return { kind: 'agree' }
  if (state.active) return followPlatform(state, observation.pointsAt, observation.where)
  return adopt(state, observation, stamp.runId, stamp.nowIso)
}
