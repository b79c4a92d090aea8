import { describe, expect, it } from '@jest/globals'
import { defaultsWith } from '../../../tools/lib/action-yml.js'
import { readInputs } from './inputs.js'

const read = (values: Record<string, string>) => () => readInputs(defaultsWith('health-check', values))

describe('health-check inputs: the rules between inputs', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    [
      'json-path needs json-expected',
      { url: 'http://127.0.0.1/health', 'json-path': '$.status' },
      /^Input 'json-expected' is required/,
    ],
    ['a window needs a rate', { url: 'http://127.0.0.1/health', duration: '5s', rate: '0' }, /^Input 'rate' is '0'/],
    ['url is required', { url: '' }, /^Input 'url' is required/],
  ])('%s', (_, values, message) => {
    expect(read(values)).toThrow(message)
  })
})
