import { describe, expect, it } from '@jest/globals'
import { judgeEndpoints, judgeRollout, type Deployment } from './judge.js'

const deployment = (spec: Deployment['spec'], status: Deployment['status'], generation = 2): Deployment => ({
  metadata: { name: 'web-green', generation },
  spec,
  status,
})
const complete = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }

describe('judgeRollout', () => {
  it.each<[string, Deployment, ReturnType<typeof judgeRollout>]>([
    ['every pod updated and available', deployment({ replicas: 3 }, complete), { state: 'ready', replicas: 3 }],
    [
      'scaled to 0',
      deployment({ replicas: 0 }, { observedGeneration: 2 }),
      { state: 'waiting', why: 'Deployment web-green is scaled to 0' },
    ],
    [
      'the controller has not seen the latest spec',
      deployment({ replicas: 3 }, { ...complete, observedGeneration: 1 }),
      { state: 'waiting', why: "the controller has not yet seen Deployment web-green's latest spec" },
    ],
    // Zero counts are omitted from a real status: absent is 0.
    [
      'no counts at all',
      deployment({ replicas: 2 }, { observedGeneration: 2 }),
      { state: 'waiting', why: '0 of 2 pods updated' },
    ],
    [
      'an old pod still serves beside the new ones',
      deployment({ replicas: 3 }, { ...complete, replicas: 4 }),
      { state: 'waiting', why: '1 old pods still terminating' },
    ],
    [
      'updated but not yet available',
      deployment({ replicas: 3 }, { ...complete, availableReplicas: 2 }),
      { state: 'waiting', why: '2 of 3 pods available' },
    ],
    [
      'past its progress deadline',
      deployment(
        { replicas: 3 },
        {
          ...complete,
          availableReplicas: 0,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "web-green-5d9" has timed out progressing.',
            },
          ],
        },
      ),
      {
        state: 'failed',
        why: 'Deployment web-green exceeded its progress deadline: ReplicaSet "web-green-5d9" has timed out progressing.',
      },
    ],
    [
      'replicas unset means 1',
      deployment({}, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1 }),
      { state: 'ready', replicas: 1 },
    ],
  ])('%s', (_name, given, expected) => {
    expect(judgeRollout(given)).toEqual(expected)
  })
})

describe('judgeEndpoints', () => {
  const endpoint = (name: string, ready: boolean | undefined) => ({
    addresses: ['10.0.0.1'],
    conditions: ready === undefined ? {} : { ready },
    targetRef: { kind: 'Pod', name },
  })
  const green = new Set(['g1', 'g2'])

  it('confirms when every ready endpoint is a pod of the new color, enough of them', () => {
    expect(judgeEndpoints([{ endpoints: [endpoint('g1', true), endpoint('g2', undefined)] }], green, 2)).toBeUndefined()
  })
  it('ignores endpoints that are not ready (an old pod on its way out)', () => {
    expect(
      judgeEndpoints([{ endpoints: [endpoint('g1', true), endpoint('g2', true), endpoint('b1', false)] }], green, 2),
    ).toBeUndefined()
  })
  it('refuses while an old pod is still a ready endpoint', () => {
    expect(
      judgeEndpoints([{ endpoints: [endpoint('g1', true)] }, { endpoints: [endpoint('b1', true)] }], green, 1),
    ).toBe('1 ready endpoint(s) still belong to other pods (b1)')
  })
  it('refuses with too few ready endpoints; an empty slice has endpoints: null', () => {
    expect(judgeEndpoints([{ endpoints: null }, { endpoints: [endpoint('g1', true)] }], green, 2)).toBe(
      '1 of 2 endpoints of the new color are ready',
    )
  })
})
