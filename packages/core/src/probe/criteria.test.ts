import { describe, expect, it } from '@jest/globals'
import { judge, judgeOutcome, needsBody, type AnswerVerdict, type HealthCriteria } from './criteria.js'
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

describe('judgeOutcome: an answer judged whole, version included', () => {
  const answer = (headers: Record<string, string>, body = '{}', status = 200) => ({ status, body, headers })
  const v3 = { ...ok, version: 'v3' }
  it.each<
    [
      string,
      ReturnType<typeof answer> | { body: string; headers: Record<string, string> },
      HealthCriteria,
      AnswerVerdict,
    ]
  >([
    ['the version asked for, by header', answer({ 'x-version': 'v3' }), v3, { healthy: true }],
    ['the version asked for, by JSON body', answer({}, '{"version":"v3"}'), v3, { healthy: true }],
    ['a service that names no version passes', answer({}), v3, { healthy: true }],
    [
      'another version is not up yet, and says which answered',
      answer({ 'x-version': 'v1' }),
      v3,
      { healthy: false, kind: 'not-up', reason: 'answers as v1, not v3', otherVersion: 'v1' },
    ],
    ['no version asked: any version passes', answer({ 'x-version': 'v1' }), ok, { healthy: true }],
    [
      'an unhealthy answer is judged before its version',
      answer({ 'x-version': 'v1' }, '', 500),
      v3,
      { healthy: false, kind: 'wrong', reason: 'HTTP 500, expected 200-299' },
    ],
    ['no answer at all', { body: '', headers: {} }, v3, { healthy: false, kind: 'not-up', reason: 'no answer' }],
  ])('%s', (_, outcome, criteria, expected) => {
    expect(judgeOutcome(outcome, criteria)).toEqual(expected)
  })
  it('reads bodies when a version is asked for', () => {
    expect(needsBody(ok)).toBe(false)
    expect(needsBody(v3)).toBe(true)
  })
})
