import { describe, expect, it } from '@jest/globals'
import { makePlan, type Plan, type PlanOptions, type Request } from './plan.js'
import { UNKNOWN_VERSION, type DeployRecord, type DeployState, type Phase } from './state.js'

const options: PlanOptions = {
  autoRollback: true,
  keepPrevious: true,
  publicUrl: true,
  verify: true,
  where: '/srv/state',
}

function record(phase: Phase, extra: Partial<DeployRecord> = {}): DeployRecord {
  return {
    runId: '7.1.deploy',
    action: 'deploy',
    version: 'v2',
    color: 'green',
    phase,
    startedAt: 't',
    timeline: [],
    ...extra,
  }
}

const nothing: DeployState = { schema: 1, colors: {}, history: [] }
const v1OnBlue: DeployState = {
  schema: 1,
  active: 'blue',
  colors: { blue: { version: 'v1', running: true } },
  history: [record('complete', { version: 'v1', color: 'blue' })],
}
const v2OnGreenV1Kept: DeployState = {
  schema: 1,
  active: 'green',
  colors: { blue: { version: 'v1', running: true }, green: { version: 'v2', running: true } },
  history: [record('complete'), record('complete', { version: 'v1', color: 'blue' })],
}
const v2Staged: DeployState = {
  ...v1OnBlue,
  staged: 'green',
  colors: { ...v1OnBlue.colors, green: { version: 'v2', running: true } },
}

/** The plan in one line per step, the way a table reads. */
function steps(plan: Plan): string {
  const work = plan.work
  if (work.kind !== 'run') return `${work.kind}: ${work.message}`
  const parts = work.steps.map((step) =>
    'color' in step
      ? `${step.kind} ${step.color}`
      : step.kind === 'drain'
        ? `drain ${step.previous ?? '-'}`
        : step.kind === 'migrate' && step.again
          ? 'migrate again'
          : step.kind,
  )
  return `${parts.join(', ')} | on failure ${work.onFailure}`
}

describe('makePlan: what deploy, stage, promote, reject and rollback do from a state', () => {
  it.each<[string, DeployState, Request, Partial<PlanOptions>, string]>([
    [
      'first deploy goes to blue, no switch back',
      nothing,
      { action: 'deploy', version: 'v1' },
      {},
      'start blue, verify blue, switch blue, post-verify, drain - | on failure fail',
    ],
    [
      'deploy goes to the idle color and switches back on failure',
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      {},
      'start green, verify green, switch green, post-verify, drain blue | on failure switch-back',
    ],
    [
      'a migration runs before the new color starts',
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { migrate: true },
      'migrate, start green, verify green, switch green, post-verify, drain blue | on failure switch-back',
    ],
    [
      'a stage migrates too (expand first: the staged version may need the new columns)',
      v1OnBlue,
      { action: 'stage', version: 'v2' },
      { migrate: true },
      'migrate, start green, verify green, stage green | on failure switch-back',
    ],
    [
      'a deploy that stopped while migrating migrates again',
      { ...v1OnBlue, current: record('migrating') },
      { action: 'deploy', version: 'v2' },
      { migrate: true },
      'migrate again, start green, verify green, switch green, post-verify, drain blue | on failure switch-back',
    ],
    [
      'a rollback with migrate-rollback-command runs it last, once traffic is back',
      v2OnGreenV1Kept,
      { action: 'rollback', to: 'previous' },
      { migrateRollback: true },
      'verify blue, switch blue, post-verify, migrate-rollback | on failure switch-back',
    ],
    [
      'keep-previous false stops the old color after the drain',
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { keepPrevious: false },
      'start green, verify green, switch green, post-verify, drain blue, stop blue | on failure switch-back',
    ],
    [
      'without a public URL there is nothing to verify through',
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { publicUrl: false },
      'start green, verify green, switch green, drain blue | on failure switch-back',
    ],
    [
      'auto-rollback false fails instead of switching back',
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { autoRollback: false },
      'start green, verify green, switch green, post-verify, drain blue | on failure fail',
    ],
    [
      'deploying the serving version is a no-op',
      v1OnBlue,
      { action: 'deploy', version: 'v1' },
      {},
      'noop: v1 already serves on blue, verified: nothing to do',
    ],
    [
      'staging stops before the switch',
      v1OnBlue,
      { action: 'stage', version: 'v2' },
      {},
      'start green, verify green, stage green | on failure switch-back',
    ],
    [
      'deploy while a version is staged is refused',
      v2Staged,
      { action: 'deploy', version: 'v3' },
      {},
      'refuse: v2 is staged on green: promote or reject it before deploying again',
    ],
    [
      'stage while a version is staged is refused',
      v2Staged,
      { action: 'stage', version: 'v3' },
      {},
      'refuse: v2 is staged on green: promote or reject it before deploying again',
    ],
    [
      'promote switches to the staged color',
      v2Staged,
      { action: 'promote' },
      {},
      'switch green, post-verify, drain blue | on failure switch-back',
    ],
    ['reject stops the staged color', v2Staged, { action: 'reject' }, {}, 'stop green | on failure switch-back'],
    [
      'promote with nothing staged is refused',
      v1OnBlue,
      { action: 'promote' },
      {},
      'refuse: Nothing is staged to promote: run with action: stage first',
    ],
    [
      'rollback switches to the previous color that still runs',
      v2OnGreenV1Kept,
      { action: 'rollback', to: 'previous' },
      {},
      'verify blue, switch blue, post-verify | on failure switch-back',
    ],
    [
      'rollback without verify only switches',
      v2OnGreenV1Kept,
      { action: 'rollback', to: 'previous' },
      { verify: false },
      'switch blue | on failure switch-back',
    ],
    [
      'rollback redeploys a stopped previous color and verifies it even without verify',
      { ...v2OnGreenV1Kept, colors: { ...v2OnGreenV1Kept.colors, blue: { version: 'v1', running: false } } },
      { action: 'rollback', to: 'previous' },
      { verify: false },
      'start blue, verify blue, switch blue | on failure switch-back',
    ],
    [
      'rollback to an adopted color that named no version and is stopped is refused',
      {
        ...v2OnGreenV1Kept,
        colors: { ...v2OnGreenV1Kept.colors, blue: { version: UNKNOWN_VERSION, running: false, adoptedFrom: 'x' } },
      },
      { action: 'rollback', to: 'previous' },
      {},
      'refuse: The version to roll back to on blue was adopted from a live system and names no version, and blue no longer runs it, so it cannot be deployed again; traffic stays on green (v2)',
    ],
    [
      'rollback to an adopted color that named no version and still runs switches back',
      {
        ...v2OnGreenV1Kept,
        colors: { ...v2OnGreenV1Kept.colors, blue: { version: UNKNOWN_VERSION, running: true, adoptedFrom: 'x' } },
      },
      { action: 'rollback', to: 'previous' },
      {},
      'verify blue, switch blue, post-verify | on failure switch-back',
    ],
    [
      'rollback to a version never deployed is refused',
      v2OnGreenV1Kept,
      { action: 'rollback', to: 'v0' },
      {},
      'refuse: Version v0 is not in the deploy history of /srv/state (known: v2, v1); traffic stays on green (v2)',
    ],
    [
      'rollback with only one version is refused',
      v1OnBlue,
      { action: 'rollback', to: 'previous' },
      {},
      'refuse: Nothing to roll back to: only v1 was ever deployed in /srv/state; traffic stays on blue (v1)',
    ],
    [
      'rollback with nothing deployed is refused',
      nothing,
      { action: 'rollback', to: 'previous' },
      {},
      'refuse: Nothing to roll back: no verified version serves from /srv/state',
    ],
    [
      'rollback to the serving version is a no-op',
      v2OnGreenV1Kept,
      { action: 'rollback', to: 'v2' },
      {},
      'noop: v2 already serves on green; nothing to do',
    ],
    [
      'a second rollback is a no-op',
      {
        ...v2OnGreenV1Kept,
        active: 'blue',
        colors: { blue: { version: 'v1', running: true }, green: { version: 'v2', running: true, rolledBackAt: 'T' } },
      },
      { action: 'rollback', to: 'previous' },
      {},
      'noop: Already rolled back: traffic left v2 at T and v1 serves on blue; nothing to do',
    ],
  ])('%s', (_, state, request, overrides, expected) => {
    expect(steps(makePlan(state, request, { ...options, ...overrides }))).toBe(expected)
  })

  it('rolls back to a named version from the history by redeploying it', () => {
    const state: DeployState = {
      ...v2OnGreenV1Kept,
      colors: { green: { version: 'v3', running: true }, blue: { version: 'v2', running: false } },
    }
    expect(steps(makePlan(state, { action: 'rollback', to: 'v1' }, options))).toBe(
      'start blue, verify blue, switch blue, post-verify | on failure switch-back',
    )
  })
})

describe('makePlan: recovery of an interrupted deploy comes first', () => {
  it.each<[Phase, string | undefined]>([
    ['deploying', 'abandon'],
    ['verifying', 'abandon'],
    ['switching', 'restore blue v1'],
    ['post-verify', 'restore blue v1'],
    ['draining', 'complete'],
    ['complete', undefined],
    ['failed', undefined],
    ['staged', undefined],
  ])('killed in %s: %s', (phase, expected) => {
    const plan = makePlan({ ...v1OnBlue, current: record(phase) }, { action: 'deploy', version: 'v2' }, options)
    const recovery = plan.recovery
    expect(
      recovery && (recovery.kind === 'restore' ? `restore ${recovery.color} ${recovery.version}` : recovery.kind),
    ).toBe(expected)
  })

  it('with no verified color, a deploy killed mid-switch is abandoned: there is nothing to go back to', () => {
    expect(
      makePlan({ ...nothing, current: record('switching') }, { action: 'deploy', version: 'v2' }, options).recovery
        ?.kind,
    ).toBe('abandon')
  })

  it('plans the recovery and still refuses a deploy over a staged version, as the real run does', () => {
    const plan = makePlan(
      { ...v2Staged, current: record('verifying', { version: 'v3' }) },
      { action: 'deploy', version: 'v4' },
      options,
    )
    expect(plan.recovery?.kind).toBe('abandon')
    expect(plan.work.kind).toBe('refuse')
  })
})
