import { describe, expect, it } from '@jest/globals'
import { defaultsWith } from '../../../tools/lib/action-yml.js'
import { readInputs } from './inputs.js'

const base = { provider: 'command', 'switch-command': 'true', 'state-dir': '/srv/state' }
const read = (values: Record<string, string>) => () => readInputs(defaultsWith('rollback', values))

describe('rollback inputs: the rules between inputs', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    [
      'triggered needs a health report or a watch',
      { ...base, when: 'triggered' },
      /^Input 'health-report' is required: .*because when is triggered/,
    ],
    [
      'a watch needs a public URL',
      { ...base, when: 'triggered', watch: '30s' },
      /^Input 'public-url' is required: .*because watch is set/,
    ],
    [
      'a bad webhook URL is refused without being echoed',
      { ...base, 'webhook-url': 'hooks.slack.com/x' },
      /^Input 'webhook-url' is '\*\*\*': expected an absolute http/,
    ],
  ])('%s', (_, values, message) => {
    expect(read(values)).toThrow(message)
  })

  it('triggered with a watch and a public URL is whole', () => {
    expect(
      readInputs(
        defaultsWith('rollback', { ...base, when: 'triggered', watch: '30s', 'public-url': 'http://127.0.0.1:8080' }),
      ),
    ).toMatchObject({
      when: 'triggered',
      watchMs: 30_000,
      maxErrorRatePct: 5,
      maxP95Ms: 2000,
      to: 'previous',
    })
  })
})
