import { describe, expect, it } from '@jest/globals'
import { holderOfLease, microTime } from './cluster-store.js'
import { classify } from './kubectl.js'

describe('classify', () => {
  it.each([
    ['Error from server (NotFound): services "web" not found', 'NotFound'],
    [
      'Error from server (Forbidden): services "web" is forbidden: User "x" cannot patch resource "services"',
      'Forbidden',
    ],
    [
      'Error from server (Conflict): Operation cannot be fulfilled on services "web": the object has been modified',
      'Conflict',
    ],
    ['Error from server (AlreadyExists): configmaps "shipgate-web" already exists', 'AlreadyExists'],
    ['Error from server (Invalid): Deployment.apps "web" is invalid: spec.selector: field is immutable', 'Invalid'],
    [
      'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?',
      'Unreachable',
    ],
    ['Unable to connect to the server: dial tcp: lookup k8s.example: no such host', 'Unreachable'],
    ['error: You must be logged in to the server (Unauthorized)', 'Unauthorized'],
    ['error: unknown flag: --frobnicate', 'Other'],
  ])('%s', (stderr, expected) => {
    expect(classify(stderr)).toBe(expected)
  })
})

describe('Lease fields', () => {
  it('writes MicroTime: six fractional digits, as the API server requires', () => {
    expect(microTime(Date.parse('2026-11-27T14:00:00.123Z'))).toBe('2026-11-27T14:00:00.123000Z')
  })
  it('reads a holder from a Lease, judged by the same rules as the file lock', () => {
    const holder = holderOfLease({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: 'shipgate-web',
        annotations: {
          'shipgate.dev/holder':
            '{"owner":"acme/web deploy/prod","host":"runner-1","pid":42,"expiresAt":"2026-11-27T15:00:00.000Z"}',
        },
      },
      spec: {
        holderIdentity: '7.1.deploy',
        acquireTime: '2026-11-27T14:00:00.000000Z',
        renewTime: '2026-11-27T14:00:05.000000Z',
      },
    })
    expect(holder).toEqual({
      owner: 'acme/web deploy/prod',
      runId: '7.1.deploy',
      host: 'runner-1',
      pid: 42,
      acquiredAt: '2026-11-27T14:00:00.000000Z',
      expiresAt: '2026-11-27T15:00:00.000Z',
      renewedAt: '2026-11-27T14:00:05.000000Z',
    })
  })
  it('a released Lease (no holderIdentity) has no holder', () => {
    expect(
      holderOfLease({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'x' }, spec: {} }),
    ).toBeUndefined()
  })
})
