import { describe, expect, it } from '@jest/globals'
import { judge, type HealthCriteria } from './criteria.js'
import { parseJsonPath } from './json-path.js'

const ok: HealthCriteria = { expectedStatus: [{ min: 200, max: 299 }] }

describe('judge', () => {
  it('tells "not up yet" from "up but wrong"', () => {
    expect(judge(503, '', ok)).toEqual({ healthy: false, kind: 'not-up', reason: 'HTTP 503' })
    expect(judge(500, '', ok)).toEqual({ healthy: false, kind: 'wrong', reason: 'HTTP 500, expected 200-299' })
    expect(judge(204, '', ok)).toEqual({ healthy: true })
  })

  it('checks text, pattern and JSON value, comparing JSON as JSON', () => {
    const json = { path: parseJsonPath('$.checks[1].ok') ?? [], pathText: '$.checks[1].ok', expected: 'true' }
    const body = '{"checks":[{"ok":true},{"ok":false}]}'
    expect(judge(200, body, { ...ok, json })).toMatchObject({
      kind: 'wrong',
      reason: '$.checks[1].ok is false, expected true',
    })
    expect(judge(200, '{"checks":[{},{"ok":true}]}', { ...ok, json })).toEqual({ healthy: true })
    expect(judge(200, 'plain', { ...ok, json })).toMatchObject({
      reason: 'body is not JSON, so $.checks[1].ok cannot be read',
    })
    expect(judge(200, 'all good', { ...ok, bodyContains: 'good', bodyRegex: /^all/ })).toEqual({ healthy: true })
    expect(judge(200, 'all good', { ...ok, bodyRegex: /bad/ })).toMatchObject({ reason: 'body does not match /bad/' })
  })

  it('compares a text expectation as text', () => {
    const json = { path: parseJsonPath("$['db-status']") ?? [], pathText: "$['db-status']", expected: 'up' }
    expect(judge(200, '{"db-status":"up"}', { ...ok, json })).toEqual({ healthy: true })
  })
})

describe('parseJsonPath', () => {
  it('reads keys, quoted keys and indexes; refuses the rest', () => {
    expect(parseJsonPath('$.a.b[2]["c d"]')).toEqual(['a', 'b', 2, 'c d'])
    expect(parseJsonPath('$')).toEqual([])
    for (const bad of ['a.b', '$..a', '$.a[*]', '$[?(@.x)]', '$.', '$a']) expect(parseJsonPath(bad)).toBeUndefined()
  })
})
