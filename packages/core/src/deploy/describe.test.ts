import { describe, expect, it } from '@jest/globals'
import { describePlan } from './describe.js'
import type { DeployTarget } from './model.js'
import { makePlan } from './plan.js'
import type { DeployState } from './state.js'

const common = {
  urls: { blue: undefined, green: undefined },
  publicUrl: undefined,
  healthPath: '/health',
  deployCommand: undefined,
  stopCommand: undefined,
  timeoutMs: 5000,
  deadlineMs: 60_000,
  expectedStatus: [{ min: 200, max: 299 }],
  lockTimeoutMs: 60_000,
  metrics: undefined,
  environment: undefined,
  githubToken: undefined,
}
const kubernetes: DeployTarget = {
  ...common,
  provider: 'kubernetes',
  stateDir: undefined,
  kubernetes: {
    service: 'web',
    namespace: undefined,
    context: undefined,
    deployment: '{service}-{color}',
    colorLabel: 'color',
    image: 'ghcr.io/acme/web:{version}',
    container: undefined,
    replicas: undefined,
  },
}
const v1OnBlue: DeployState = {
  schema: 1,
  active: 'blue',
  colors: { blue: { version: 'v1', running: true, verifiedAt: 't' } },
  history: [],
}
const verification = { durationMs: 0, ratePerSecond: 0, maxErrorRatePct: 1, maxP95Ms: 500 }
const options = { autoRollback: true, keepPrevious: true, publicUrl: false, verify: true, where: 'ConfigMap' }

describe('describePlan: dry-run in words, as each provider does it', () => {
  it('Kubernetes without color URLs: the image, the rollout, the Service patch', () => {
    const plan = makePlan(v1OnBlue, { action: 'deploy', version: 'v2' }, options)
    expect(describePlan(plan, v1OnBlue, kubernetes, verification, 0)).toEqual([
      'now: v1 serves on blue',
      'deploy v2 on green: set the image ghcr.io/acme/web:v2 on its Deployment',
      "wait until green's Deployment is rolled out",
      "switch: patch Service web's selector to color=green, then wait for its endpoints",
      'drain 0s while blue finishes in-flight requests',
      'on failure: switch back to blue (v1)',
    ])
  })
  it('the command provider: the deploy command with the color URL, then its health path', () => {
    const target: DeployTarget = {
      ...common,
      urls: { blue: new URL('http://127.0.0.1:8081'), green: new URL('http://127.0.0.1:8082') },
      deployCommand: './start.sh',
      provider: 'command',
      stateDir: '/srv/state',
      command: { switchCommand: './switch.sh' },
    }
    const plan = makePlan(v1OnBlue, { action: 'deploy', version: 'v2' }, options)
    expect(describePlan(plan, v1OnBlue, target, verification, 1000).slice(1, 4)).toEqual([
      'deploy v2 on green with deploy-command (BG_URL=http://127.0.0.1:8082/)',
      'verify http://127.0.0.1:8082/health: ready within 60s',
      'switch: run switch-command with BG_COLOR=green',
    ])
  })
})
