import { describe, expect, it } from '@jest/globals'
import { parseBoolean, parseDuration, parsePercent, parseStatusRanges, splitList, statusMatches } from './parse.js'

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['0', 0],
  ])('reads %s as %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms))

  it.each(['', '-1', '-5s', '5', 'abc', '5 s', '5sec', 's', '1.s', '5s5'])('refuses %p', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  )
})

describe('parsePercent', () => {
  it.each([
    ['5%', 5],
    ['91.23', 91.23],
    ['0.5%', 0.5],
    ['100', 100],
    ['0', 0],
  ])('reads %s as %d', (text, value) => expect(parsePercent(text)).toBe(value))

  it.each(['abc%', '120', '-1', '1.234', '%', '', '50%%', '1e2'])('refuses %p', (text) =>
    expect(parsePercent(text)).toBeUndefined(),
  )
})

describe('parseStatusRanges', () => {
  it('reads codes, ranges and classes', () => {
    const ranges = parseStatusRanges('200-299, 304\n4xx')
    expect(ranges).toEqual([
      { min: 200, max: 299 },
      { min: 304, max: 304 },
      { min: 400, max: 499 },
    ])
    expect(statusMatches(204, ranges ?? [])).toBe(true)
    expect(statusMatches(301, ranges ?? [])).toBe(false)
  })

  it.each(['299-200', '99', '600', 'ok', '200-', '6xx', ''])('refuses %p', (text) =>
    expect(parseStatusRanges(text)).toBeUndefined(),
  )
})

describe('splitList', () => {
  it('splits on newlines and commas but keeps brace globs whole', () => {
    expect(splitList('a.xml, b.xml\n\n coverage/{unit,e2e}/lcov.info ,')).toEqual([
      'a.xml',
      'b.xml',
      'coverage/{unit,e2e}/lcov.info',
    ])
  })
})

describe('parseBoolean', () => {
  it('accepts the YAML core schema spellings and nothing else', () => {
    expect(['true', 'True', 'TRUE'].map(parseBoolean)).toEqual([true, true, true])
    expect(['false', 'False', 'FALSE'].map(parseBoolean)).toEqual([false, false, false])
    expect(['yes', '1', 'on', ''].map(parseBoolean)).toEqual([undefined, undefined, undefined, undefined])
  })
})
