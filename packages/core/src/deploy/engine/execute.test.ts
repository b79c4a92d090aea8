// The engine's table of steps, driven by the planner's real plans with a provider and a store
// held in memory (and, where a step probes the public URL, a real local HTTP server): each step's
// success and failure, rollback's wording against a deploy's, and what the state holds after.
import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { UserError } from '../../action/errors.js'
import { memoryLog } from '../../action/logger.js'
import type { Color, DeployTarget } from '../model.js'
import { makePlan, type PlanOptions, type Request } from '../plan.js'
import type { TrafficProvider } from '../providers/provider.js'
import type { DeployState } from '../state.js'
import type { DeployStore } from '../store.js'
import type { MigrationSettings } from '../migration/settings.js'
import { carryOut } from './carry-out.js'

/** A provider in memory: it records what it was asked and answers as the case says. */
function memoryProvider(faults: {
  notReady?: string
  notConfirmedOnce?: string
  startFails?: string
  drift?: string
  /** What the data plane does when traffic moves (the public service starts answering as that color). */
  onSwitch?: (color: Color) => void
}) {
  const calls: string[] = []
  let confirmFault = faults.notConfirmedOnce
  const provider: TrafficProvider = {
    observe: () => Promise.resolve({ where: 'memory', kind: 'nothing', why: 'memory', idle: {} }),
    start: (target) => {
      calls.push(`start ${target.color} ${target.version}`)
      return faults.startFails ? Promise.reject(new UserError(faults.startFails)) : Promise.resolve()
    },
    stop: (color) => {
      calls.push(`stop ${color}`)
      return Promise.resolve()
    },
    waitReady: (color) => {
      calls.push(`ready? ${color}`)
      return Promise.resolve(faults.notReady)
    },
    switchTo: (target) => {
      calls.push(`switch ${target.color}`)
      faults.onSwitch?.(target.color)
      return Promise.resolve()
    },
    confirmSwitch: () => {
      const why = confirmFault
      confirmFault = undefined
      return Promise.resolve(why)
    },
    drift: () => Promise.resolve(faults.drift),
  }
  return { provider, calls }
}

function memoryStore(initial: DeployState): DeployStore & { phases: () => string[] } {
  let saved = structuredClone(initial)
  const phases: string[] = []
  return {
    where: 'memory',
    descriptor: { kind: 'file', dir: 'memory' },
    readState: () => structuredClone(saved),
    writeState: (state) => {
      saved = structuredClone(state)
      if (state.current) phases.push(state.current.phase)
    },
    acquireLock: () => undefined,
    startHeartbeat: () => () => undefined,
    releaseLock: () => true,
    lockRefusal: () => undefined,
    phases: () => [...new Set(phases)],
  }
}

const target = (publicUrl?: string): DeployTarget => ({
  provider: 'command',
  stateDir: 'memory',
  command: { switchCommand: 'unused: the provider is in memory' },
  urls: { blue: undefined, green: undefined },
  publicUrl: publicUrl ? new URL(publicUrl) : undefined,
  healthPath: '/health',
  deployCommand: undefined,
  stopCommand: undefined,
  timeoutMs: 1000,
  deadlineMs: 1500,
  expectedStatus: [{ min: 200, max: 299 }],
  lockTimeoutMs: 60_000,
  metrics: undefined,
  environment: undefined,
  githubToken: undefined,
})

const colors = (entries: Partial<Record<Color, string>>): DeployState['colors'] =>
  Object.fromEntries(
    Object.entries(entries).map(([color, version]) => [color, { version, running: true, verifiedAt: 't' }]),
  )
const v1OnBlue: DeployState = { schema: 1, active: 'blue', colors: colors({ blue: 'v1' }), history: [] }
const v2OnGreen: DeployState = { schema: 1, active: 'green', colors: colors({ blue: 'v1', green: 'v2' }), history: [] }
const v2Staged: DeployState = { ...v1OnBlue, colors: colors({ blue: 'v1', green: 'v2' }), staged: 'green' }

const planOptions: PlanOptions = {
  autoRollback: true,
  keepPrevious: true,
  publicUrl: false,
  verify: true,
  where: 'memory',
}

async function run(
  state: DeployState,
  request: Request,
  setup: {
    faults?: Parameters<typeof memoryProvider>[0]
    plan?: Partial<PlanOptions>
    publicUrl?: string
    migration?: MigrationSettings
  } = {},
) {
  const { provider, calls } = memoryProvider(setup.faults ?? {})
  const store = memoryStore(state)
  const log = memoryLog()
  const ctx = { target: target(setup.publicUrl), provider, store, state: store.readState(), runId: 'r1', log }
  const plan = makePlan(ctx.state, request, {
    ...planOptions,
    publicUrl: setup.publicUrl !== undefined,
    migrate: setup.migration !== undefined,
    ...setup.plan,
  })
  const options = { verification: { durationMs: 0, ratePerSecond: 0, maxErrorRatePct: 1, maxP95Ms: 500 }, drainMs: 0 }
  const { verdict, unexpected } = await carryOut(
    ctx,
    plan,
    {
      ...options,
      ...(request.action === 'rollback' ? { reason: 'by hand' } : {}),
      ...(setup.migration ? { migration: setup.migration } : {}),
    },
    () => undefined,
  )
  return { verdict, unexpected, calls, state: store.readState(), phases: store.phases(), log }
}

describe('the engine: each step, its success and its failure', () => {
  it.each<[string, DeployState, Request, Parameters<typeof run>[2], object, string[], string[], Partial<DeployState>]>([
    [
      'a deploy goes start, verify, switch, drain',
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      {},
      { passed: true, phase: 'complete', reason: 'v2 serves on green; blue (v1) is kept for an instant rollback' },
      ['start green v2', 'ready? green', 'switch green'],
      ['deploying', 'verifying', 'switching', 'draining', 'complete'],
      { active: 'green' },
    ],
    [
      'keep-previous false stops the old color after the drain',
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { plan: { keepPrevious: false } },
      { passed: true, reason: 'v2 serves on green; blue (v1) is stopped' },
      ['start green v2', 'ready? green', 'switch green', 'stop blue'],
      ['deploying', 'verifying', 'switching', 'draining', 'complete'],
      { active: 'green' },
    ],
    [
      'a color that is not ready never gets traffic and is stopped again',
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { faults: { notReady: '0 of 2 pods available' } },
      {
        passed: false,
        phase: 'failed',
        reason: 'v2 on green did not pass verification, so it never received traffic: 0 of 2 pods available',
      },
      ['start green v2', 'ready? green', 'stop green'],
      ['deploying', 'verifying', 'failed'],
      { active: 'blue' },
    ],
    [
      'a start that fails is a failed deploy; traffic never moved',
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { faults: { startFails: 'the image does not exist' } },
      { passed: false, phase: 'failed', reason: 'the image does not exist' },
      ['start green v2'],
      ['deploying', 'failed'],
      { active: 'blue' },
    ],
    [
      'a switch that is not confirmed goes back to the previous color',
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { faults: { notConfirmedOnce: 'endpoints did not settle' } },
      {
        passed: false,
        rolledBack: true,
        phase: 'rolled-back',
        reason: 'v2 failed verification after the switch (endpoints did not settle); traffic is back on blue (v1)',
      },
      ['start green v2', 'ready? green', 'switch green', 'switch blue', 'stop green'],
      ['deploying', 'verifying', 'switching', 'rolled-back'],
      { active: 'blue' },
    ],
    [
      'without auto-rollback an unconfirmed switch only fails',
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { faults: { notConfirmedOnce: 'endpoints did not settle' }, plan: { autoRollback: false } },
      {
        passed: false,
        reason: 'v2 failed verification after the switch (endpoints did not settle); auto-rollback is off',
      },
      ['start green v2', 'ready? green', 'switch green'],
      ['deploying', 'verifying', 'switching', 'failed'],
      { active: 'blue' },
    ],
    [
      'stage stops before the switch',
      v1OnBlue,
      { action: 'stage', version: 'v2' },
      {},
      {
        passed: true,
        phase: 'staged',
        reason: 'v2 is staged on green, verified, without traffic: promote or reject it next',
      },
      ['start green v2', 'ready? green'],
      ['deploying', 'verifying', 'staged'],
      { active: 'blue', staged: 'green' },
    ],
    [
      'promote switches to the staged color',
      v2Staged,
      { action: 'promote' },
      {},
      { passed: true, phase: 'complete' },
      ['switch green'],
      ['switching', 'draining', 'complete'],
      { active: 'green', staged: undefined },
    ],
    [
      'reject stops the staged color; traffic never moves',
      v2Staged,
      { action: 'reject' },
      {},
      { passed: true, phase: 'rejected', reason: 'v2 on green is rejected and stopped; traffic never reached it' },
      ['stop green'],
      ['rejected'],
      { active: 'blue', staged: undefined },
    ],
    [
      'a rollback verifies the previous color and switches back, in its own words',
      v2OnGreen,
      { action: 'rollback', to: 'previous' },
      {},
      {
        passed: true,
        rolledBack: true,
        phase: 'rolled-back',
        reason: 'Rolled back from v2 (green) to v1 (blue): by hand',
      },
      ['ready? blue', 'switch blue'],
      ['verifying', 'switching', 'rolled-back'],
      { active: 'blue' },
    ],
    [
      'a rollback target that is not healthy keeps traffic where it is',
      v2OnGreen,
      { action: 'rollback', to: 'previous' },
      { faults: { notReady: 'scaled to 0' } },
      {
        passed: false,
        phase: 'failed',
        reason: 'The rollback target v1 on blue is not healthy (scaled to 0); traffic stays on green (v2)',
      },
      ['ready? blue'],
      ['verifying', 'failed'],
      { active: 'green' },
    ],
    [
      'a rollback whose switch is not confirmed says traffic is back',
      v2OnGreen,
      { action: 'rollback', to: 'previous' },
      { faults: { notConfirmedOnce: 'endpoints did not settle' } },
      {
        passed: false,
        reason: 'Traffic went to v1 on blue but endpoints did not settle; it is back on green (v2)',
      },
      ['ready? blue', 'switch blue', 'switch green'],
      ['verifying', 'switching', 'failed'],
      { active: 'green' },
    ],
    [
      'a plan that is refused changes nothing',
      v2Staged,
      { action: 'deploy', version: 'v3' },
      {},
      { passed: false, phase: 'failed', reason: 'v2 is staged on green: promote or reject it before deploying again' },
      [],
      [],
      { active: 'blue', staged: 'green' },
    ],
  ])('%s', async (_, state, request, setup, expected, calls, phases, after) => {
    const result = await run(state, request, setup)
    expect(result.unexpected).toBeUndefined()
    expect(result.verdict).toMatchObject(expected)
    expect(result.calls).toEqual(calls)
    expect(result.phases).toEqual(phases)
    expect(result.state).toMatchObject(after)
  })

  it('a drift of the platform after the drain is a warning, not a failure', async () => {
    const result = await run(
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { faults: { drift: 'selector moved back' } },
    )
    expect(result.verdict.passed).toBe(true)
    expect(result.log.lines).toContainEqual({ level: 'warning', message: 'selector moved back' })
  })

  it('runs each step in a log group named for its phase', async () => {
    const result = await run(v1OnBlue, { action: 'deploy', version: 'v2' })
    expect(result.log.lines.filter((line) => line.level === 'group').map((line) => line.message)).toEqual([
      'deploying',
      'verifying',
      'switching',
      'draining',
    ])
  })
})

describe('the engine: verifying through the public URL after the switch', () => {
  let server: Server | undefined
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

  /** The public entrypoint: answers as the color traffic is on; green's version fails after `healthy` answers. */
  async function publicService(healthy = Infinity) {
    let on: Color = 'blue'
    let answered = 0
    server = createServer((_, res) => {
      answered += 1
      const ok = on === 'blue' || answered <= healthy
      res.writeHead(ok ? 200 : 500, { 'x-version': on === 'blue' ? 'v1' : 'v2' }).end('{}')
    })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      onSwitch: (color: Color) => {
        on = color
        answered = 0
      },
    }
  }

  it('passes when the public URL answers healthy as the new version', async () => {
    const service = await publicService()
    const result = await run(
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { publicUrl: service.url, faults: { onSwitch: service.onSwitch } },
    )
    expect(result.verdict).toMatchObject({ passed: true, phase: 'complete' })
    expect(result.phases).toEqual(['deploying', 'verifying', 'switching', 'post-verify', 'draining', 'complete'])
    expect(result.verdict.reports.map((r) => r.label)).toEqual(['public URL after the switch'])
  })

  it('goes back when the public URL fails after the switch was confirmed', async () => {
    // The confirmation takes three healthy answers; the verification after it sees only 500s.
    const service = await publicService(3)
    const result = await run(
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      { publicUrl: service.url, faults: { onSwitch: service.onSwitch } },
    )
    expect(result.verdict).toMatchObject({
      passed: false,
      rolledBack: true,
      reason: expect.stringMatching(
        /^v2 failed verification after the switch \(.*HTTP 500.*\); traffic is back on blue \(v1\)$/,
      ),
    })
    expect(result.calls).toEqual(['start green v2', 'ready? green', 'switch green', 'switch blue', 'stop green'])
    expect(result.state.colors.green?.rolledBackAt).toEqual(expect.any(String))
  })
})

describe('the engine: the migrating phase (a real shell command)', () => {
  const migration = (command: string, failureCommand?: string): MigrationSettings => ({
    command,
    job: undefined,
    timeoutMs: 10_000,
    compatWindowMs: 0,
    schemaVersionCommand: undefined,
    failureCommand,
  })

  it('migrates before the new color starts and records the revision it printed', async () => {
    const result = await run(
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      {
        migration: migration('echo "upgrading"; echo BG_SCHEMA_VERSION=r7'),
      },
    )
    expect(result.verdict).toMatchObject({ passed: true, migration: { ok: true, after: 'r7' } })
    expect(result.phases).toEqual(['migrating', 'deploying', 'verifying', 'switching', 'draining', 'complete'])
    expect(result.state.database).toMatchObject({ revision: 'r7', by: 'v2' })
    expect(result.state.colors.green?.schemaRevision).toBe('r7')
    expect(result.log.lines).toContainEqual({ level: 'info', message: '[migrate] upgrading' })
  })

  it('a failing migration never starts the new color, and runs migrate-failure-command', async () => {
    const result = await run(
      v1OnBlue,
      { action: 'deploy', version: 'v2' },
      {
        migration: migration('echo "column exists" >&2; exit 4', 'echo "downgrading because $BG_MIGRATION_FAILURE"'),
      },
    )
    expect(result.verdict).toMatchObject({
      passed: false,
      phase: 'failed',
      reason: expect.stringMatching(
        /^The migration for v2 failed: migrate-command exited 4; migrate-failure-command ran \(exit 0\)\. Traffic is unchanged on blue \(v1\) and v2 was never started\. Its last output:\ncolumn exists$/,
      ),
    })
    expect(result.calls).toEqual([])
    expect(result.log.lines).toContainEqual({
      level: 'info',
      message: '[migrate-failure] downgrading because migrate-command exited 4',
    })
    expect(result.state.active).toBe('blue')
  })
})
