import { describe, expect, it } from '@jest/globals'
import { reconcileLive, type Observation } from './adopt.js'
import { commandObservation } from './providers/command.js'
import { nginxObservation, readInclude } from './providers/nginx.js'
import { imageTag, kubernetesObservation } from './kubernetes/observe.js'
import type { Deployment } from './kubernetes/judge.js'
import { UNKNOWN_VERSION, type DeployRecord, type DeployState } from './state.js'
import type { Answer } from './live.js'

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

const healthy = (version?: string): Answer => ({ up: true, healthy: true, version, why: 'ok' })
const sick: Answer = { up: true, healthy: false, version: 'v1', why: 'HTTP 500, expected 200-299' }
const down: Answer = { up: false, why: 'ECONNREFUSED' }
const addresses = { blue: '127.0.0.1:8081', green: '127.0.0.1:8082' }

describe('nginxObservation: what the include says serves', () => {
  const observe = (text: string | undefined, blue: Answer, green: Answer) =>
    nginxObservation({ include: '/etc/nginx/active.conf', text, addresses, answers: { blue, green } })

  it.each<[string, string | undefined, Answer, Answer, Partial<Observation>]>([
    ['no include yet: a first install', undefined, down, down, { kind: 'nothing', idle: {} }],
    ['an include with no server line', '# empty\n', down, down, { kind: 'nothing' }],
    [
      'points at blue, which answers as v1',
      'server 127.0.0.1:8081;\n',
      healthy('v1'),
      down,
      { kind: 'serving', color: 'blue', version: 'v1', idle: {} },
    ],
    [
      'points at blue with options; green still runs v0',
      '  server 127.0.0.1:8081 max_fails=3 fail_timeout=5s;\n',
      healthy('v1'),
      healthy('v0'),
      { kind: 'serving', color: 'blue', version: 'v1', idle: { green: { version: 'v0' } } },
    ],
    [
      "names no version: shipgate's own comment says which",
      '# written by shipgate blue-green-deploy: green v7\nserver 127.0.0.1:8082;\n',
      down,
      healthy(undefined),
      { kind: 'serving', color: 'green', version: 'v7' },
    ],
    [
      'points at blue where nothing answers: nothing serves yet',
      'server 127.0.0.1:8081;\n',
      down,
      healthy('v0'),
      { kind: 'nothing', pointsAt: 'blue', idle: { green: { version: 'v0' } } },
    ],
    [
      'points at blue, which is not healthy',
      'server 127.0.0.1:8081;\n',
      sick,
      down,
      { kind: 'unverifiable', pointsAt: 'blue' },
    ],
    ['points at neither color', 'server 10.0.0.5:80;\n', healthy('v1'), down, { kind: 'unverifiable' }],
    [
      'points at both colors',
      'server 127.0.0.1:8081;\nserver 127.0.0.1:8082;\n',
      healthy('v1'),
      healthy('v1'),
      { kind: 'unverifiable' },
    ],
  ])('%s', (_, text, blue, green, expected) => {
    expect(observe(text, blue, green)).toMatchObject(expected)
  })

  it('says which address it found and which input settles it', () => {
    expect(observe('server app.internal;\n', healthy('v1'), down)).toMatchObject({
      why: 'nginx-include /etc/nginx/active.conf points at app.internal:80, which is neither blue-url (127.0.0.1:8081) nor green-url (127.0.0.1:8082): shipgate cannot tell which color serves. Set blue-url or green-url to the address that serves now, then run again',
    })
  })

  it('reads server addresses as nginx does (port 80 by default, unix sockets as they are)', () => {
    expect(readInclude('server a.example;\nserver b:8080 weight=2;\nserver unix:/run/app.sock;\n').servers).toEqual([
      'a.example:80',
      'b:8080',
      'unix:/run/app.sock',
    ])
  })
})

describe('commandObservation: public-url matched against each color', () => {
  const observe = (publicAnswer: Answer | undefined, blue: Answer, green: Answer) =>
    commandObservation({ publicAnswer, answers: { blue, green } })

  it.each<[string, Answer | undefined, Answer, Answer, Partial<Observation>]>([
    ['nothing answers on either color: a first install', down, down, down, { kind: 'nothing' }],
    [
      'public answers v1 as blue does',
      healthy('v1'),
      healthy('v1'),
      healthy('v0'),
      { kind: 'serving', color: 'blue', idle: { green: { version: 'v0' } } },
    ],
    [
      'public answers v2 as green does',
      healthy('v2'),
      down,
      healthy('v2'),
      { kind: 'serving', color: 'green', idle: {} },
    ],
    ['a color answers but there is no public-url', undefined, healthy('v1'), down, { kind: 'unverifiable' }],
    ['public names no version', healthy(undefined), healthy('v1'), down, { kind: 'unverifiable' }],
    ['both colors answer as the public version', healthy('v1'), healthy('v1'), healthy('v1'), { kind: 'unverifiable' }],
    ['no color answers as the public version', healthy('v3'), healthy('v1'), healthy('v2'), { kind: 'unverifiable' }],
    ['public is down while a color answers', down, healthy('v1'), down, { kind: 'unverifiable' }],
  ])('%s', (_, publicAnswer, blue, green, expected) => {
    expect(observe(publicAnswer, blue, green)).toMatchObject(expected)
  })

  it('names public-url as the input that settles a first run without it', () => {
    expect(observe(undefined, healthy('v1'), down)).toMatchObject({
      why: expect.stringContaining('without public-url nothing says which color takes traffic. Give public-url'),
    })
  })
})

describe('kubernetesObservation: the Service selector names the serving color', () => {
  const deployment = (color: string, replicas: number, available: number, image = `app:${color}-tag`): Deployment => ({
    metadata: { name: `web-${color}`, generation: 1 },
    spec: {
      replicas,
      template: { metadata: { labels: { color } }, spec: { containers: [{ name: 'app', image }] } },
    },
    status:
      replicas === 0
        ? { observedGeneration: 1 }
        : { observedGeneration: 1, replicas, updatedReplicas: replicas, availableReplicas: available },
  })
  const observe = (
    selector: Record<string, string>,
    blue: Deployment,
    green: Deployment,
    annotations: Record<string, string> = {},
  ) =>
    kubernetesObservation({
      serviceRef: 'Service prod/web',
      service: { metadata: { name: 'web', annotations }, spec: { selector } },
      deployments: { blue, green },
      deploymentRef: (color) => `Deployment prod/web-${color}`,
      colorLabel: 'color',
      container: undefined,
    })

  it('adopts the selected color with the version the Service is annotated with', () => {
    expect(
      observe({ app: 'web', color: 'blue' }, deployment('blue', 2, 2, 'app:v1'), deployment('green', 0, 0), {
        'shipgate.dev/color': 'blue',
        'shipgate.dev/version': 'v1',
      }),
    ).toEqual({
      where: 'Service prod/web',
      kind: 'serving',
      color: 'blue',
      version: 'v1',
      source: 'Service prod/web selects color=blue (Deployment prod/web-blue: 2 pod(s) available)',
      pointsAt: 'blue',
      idle: {},
    })
  })
  it("takes the image tag when the Service's annotations name another color or none", () => {
    expect(
      observe(
        { color: 'green' },
        deployment('blue', 1, 1, 'app:v1'),
        deployment('green', 2, 2, 'ghcr.io/a/app:v2@sha256:ab'),
        {
          'shipgate.dev/color': 'blue',
          'shipgate.dev/version': 'v1',
        },
      ),
    ).toMatchObject({
      kind: 'serving',
      color: 'green',
      version: 'v2',
      idle: { blue: { version: 'v1' } },
    })
  })
  it('a selected color scaled to 0 is a first install', () => {
    expect(observe({ color: 'blue' }, deployment('blue', 0, 0), deployment('green', 0, 0))).toMatchObject({
      kind: 'nothing',
      pointsAt: 'blue',
    })
  })
  it('a selected color with no available pod, or no color key while pods serve, is unverifiable', () => {
    expect(observe({ color: 'blue' }, deployment('blue', 2, 0), deployment('green', 0, 0))).toMatchObject({
      kind: 'unverifiable',
      why: expect.stringContaining('Deployment prod/web-blue is not fully available (0 of 2 pods available)'),
    })
    expect(observe({ app: 'web' }, deployment('blue', 2, 2), deployment('green', 0, 0))).toMatchObject({
      kind: 'unverifiable',
    })
    expect(observe({ color: 'red' }, deployment('blue', 2, 2), deployment('green', 0, 0))).toMatchObject({
      kind: 'unverifiable',
    })
  })
  it.each([
    ['app:v1', 'v1'],
    ['ghcr.io/acme/app:1.2.3', '1.2.3'],
    ['registry:5000/app', undefined],
    ['app@sha256:abc', undefined],
    ['registry:5000/app:v2@sha256:abc', 'v2'],
  ])('image tag of %s is %s', (image, tag) => {
    expect(imageTag(image)).toBe(tag)
  })
})
