import { describe, expect, it } from '@jest/globals'
import { reconcileLive, type Observation } from './adopt.js'
import { UNKNOWN_VERSION, type DeployRecord, type DeployState } from './state.js'

const stamp = { runId: '9.1.deploy', nowIso: '2026-12-03T10:00:00.000Z' }
const empty = (): DeployState => ({ schema: 1, colors: {}, history: [] })
const record = (phase: DeployRecord['phase']): DeployRecord => ({
  runId: '7.1.deploy',
  action: 'deploy',
  version: 'v2',
  color: 'green',
  phase,
  startedAt: 't',
  timeline: [],
})

describe('reconcileLive: a first run adopts what serves', () => {
  it('adopts the serving color with its version, records it in the history, and notes the idle color', () => {
    const state = empty()
    const observation: Observation = {
      where: 'Service prod/web',
      kind: 'serving',
      color: 'blue',
      version: 'v1',
      source: 'Service prod/web selects color=blue',
      pointsAt: 'blue',
      idle: { green: { version: 'v0' } },
    }
    const result = reconcileLive(state, observation, stamp)
    expect(result).toEqual({
      kind: 'adopt',
      message:
        'First run on a live system: Service prod/web selects color=blue shows blue (v1) serving; adopted as the serving color, so this run deploys to green; green still runs v0 without traffic: it is stopped and replaced before anything is verified',
    })
    expect(state.active).toBe('blue')
    expect(state.colors).toEqual({
      blue: {
        version: 'v1',
        running: true,
        verifiedAt: stamp.nowIso,
        adoptedFrom: 'Service prod/web selects color=blue',
      },
      green: { version: 'v0', running: true },
    })
    expect(state.history[0]).toMatchObject({ action: 'adopt', version: 'v1', color: 'blue', phase: 'complete' })
  })

  it('adopts a color that names no version as unknown, said plainly', () => {
    const state = empty()
    const result = reconcileLive(
      state,
      {
        where: 'Service prod/web',
        kind: 'serving',
        color: 'green',
        version: undefined,
        source: 'nginx-include x',
        pointsAt: 'green',
        idle: {},
      },
      stamp,
    )
    expect(result).toMatchObject({ kind: 'adopt', message: expect.stringContaining('names no version') })
    expect(state.colors.green?.version).toBe(UNKNOWN_VERSION)
  })

  it('on a first install records only what runs idle, and agrees when nothing runs at all', () => {
    const state = empty()
    expect(reconcileLive(state, { where: 'w', kind: 'nothing', why: 'x', idle: {} }, stamp)).toEqual({ kind: 'agree' })
    expect(state).toEqual(empty())
    const idle = reconcileLive(
      state,
      { where: 'w', kind: 'nothing', why: 'nothing answers', idle: { green: { version: 'v0' } } },
      stamp,
    )
    expect(idle.kind).toBe('adopt')
    expect(state.active).toBeUndefined()
    expect(state.colors.green).toEqual({ version: 'v0', running: true })
  })

  it('refuses an unverifiable data plane and changes nothing', () => {
    const state = empty()
    expect(reconcileLive(state, { where: 'w', kind: 'unverifiable', why: 'it is odd' }, stamp)).toEqual({
      kind: 'refuse',
      message: 'First run on a live system, and nothing was changed: it is odd',
    })
    expect(state).toEqual(empty())
  })

  it('leaves an interrupted deploy to recovery', () => {
    const state: DeployState = { ...empty(), current: record('switching') }
    const observation: Observation = { where: 'w', kind: 'unverifiable', why: 'x' }
    expect(reconcileLive(state, observation, stamp)).toEqual({ kind: 'agree' })
  })
})

describe('reconcileLive: the platform says where traffic goes once the state knows', () => {
  const verifiedBoth = (): DeployState => ({
    schema: 1,
    active: 'green',
    colors: {
      blue: { version: 'v1', running: true, verifiedAt: 't1' },
      green: { version: 'v2', running: true, verifiedAt: 't2' },
    },
    history: [],
  })
  const pointing = (color: 'blue' | 'green' | undefined): Observation =>
    color
      ? { where: 'Service prod/web', kind: 'serving', color, version: 'v?', source: 's', pointsAt: color, idle: {} }
      : { where: 'Service prod/web', kind: 'unverifiable', why: 'x' }

  it('agrees when the Service selects the active color, or says nothing', () => {
    expect(reconcileLive(verifiedBoth(), pointing('green'), stamp)).toEqual({ kind: 'agree' })
    expect(reconcileLive(verifiedBoth(), pointing(undefined), stamp)).toEqual({ kind: 'agree' })
  })
  it('adopts a verified color someone switched to by hand, with the reason', () => {
    const state = verifiedBoth()
    expect(reconcileLive(state, pointing('blue'), stamp)).toEqual({
      kind: 'adopt',
      message:
        'Service prod/web selects blue (v1), not green (v2) as the deploy state recorded: traffic was switched outside shipgate; continuing from what Service prod/web says',
    })
    expect(state.active).toBe('blue')
  })
  it('refuses when traffic was moved onto a color that never passed verification', () => {
    const state = verifiedBoth()
    delete state.colors.blue?.verifiedAt
    expect(reconcileLive(state, pointing('blue'), stamp)).toMatchObject({
      kind: 'refuse',
      message: expect.stringMatching(
        /^Service prod\/web selects blue, but the deploy state says green \(v2\) serves and blue \(v1\) never passed verification/,
      ),
    })
    expect(state.active).toBe('green')
  })
})
