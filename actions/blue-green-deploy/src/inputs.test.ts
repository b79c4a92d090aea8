import { describe, expect, it } from '@jest/globals'
import { defaultsWith } from '../../../tools/lib/action-yml.js'
import { readInputs } from './inputs.js'

const nginx = {
  provider: 'nginx',
  'state-dir': '/srv/state',
  'blue-url': 'http://127.0.0.1:8081',
  'green-url': 'http://127.0.0.1:8082',
  'nginx-include': '/etc/nginx/active.conf',
  'deploy-command': './start.sh',
  version: 'v2',
}
const read = (values: Record<string, string>) => () => readInputs(defaultsWith('blue-green-deploy', values))

describe('blue-green-deploy inputs: the rules between inputs', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    [
      'nginx needs nginx-include',
      { ...nginx, 'nginx-include': '' },
      /^Input 'nginx-include' is required: .*because provider is nginx/,
    ],
    [
      'command needs switch-command',
      { ...nginx, provider: 'command' },
      /^Input 'switch-command' is required: .*because provider is command/,
    ],
    ['deploy needs a version', { ...nginx, version: '' }, /^Input 'version' is required: .*because action is deploy/],
    [
      'stage needs a deploy-command',
      { ...nginx, action: 'stage', 'deploy-command': '' },
      /^Input 'deploy-command' is required: .*because action is stage/,
    ],
    ['deploy needs both color URLs', { ...nginx, 'green-url': '' }, /^Input 'green-url' is required/],
    [
      'a window needs a rate',
      { ...nginx, duration: '10s', rate: '0' },
      /^Input 'rate' is '0': expected a rate above 0/,
    ],
    [
      'health-path is a path',
      { ...nginx, 'health-path': 'health' },
      /^Input 'health-path' is 'health': expected a URL path starting with \//,
    ],
  ])('%s', (_, values, message) => {
    expect(read(values)).toThrow(message)
  })

  it.each<[string, Record<string, string>]>([
    [
      'reject needs neither version nor URLs',
      { ...nginx, action: 'reject', version: '', 'blue-url': '', 'green-url': '' },
    ],
    ['promote needs no deploy-command', { ...nginx, action: 'promote', version: '', 'deploy-command': '' }],
    ['no window needs no rate', { ...nginx, duration: '0', rate: '0' }],
  ])('accepts: %s', (_, values) => {
    expect(read(values)).not.toThrow()
  })

  it('reads the defaults of action.yml into typed values', () => {
    expect(readInputs(defaultsWith('blue-green-deploy', nginx))).toMatchObject({
      provider: 'nginx',
      action: 'deploy',
      healthPath: '/health',
      timeoutMs: 5000,
      drainMs: 30_000,
      keepPrevious: true,
      autoRollback: true,
      dryRun: false,
    })
  })
})
