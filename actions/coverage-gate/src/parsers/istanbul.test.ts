import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseIstanbul } from './istanbul.js'

const parse = (document: object | string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'shipgate-istanbul-')), 'coverage-final.json')
  writeFileSync(file, typeof document === 'string' ? document : JSON.stringify(document))
  return parseIstanbul(file).files[0]
}

/** Each line 1–7 as measured-and-covered (1), missed (0) or not measured (undefined). */
const lines = (file: ReturnType<typeof parse>) => Array.from({ length: 7 }, (_, i) => file?.lines.get(i + 1))

const statements = {
  statementMap: { '1': { start: { line: 2 } }, '2': { start: { line: 5 } } },
  s: { '1': 1, '2': 0 },
}

describe('parseIstanbul', () => {
  it('derives lines from statement start lines when the file has no line map', () => {
    expect(lines(parse({ 'a.js': statements }))).toEqual([undefined, 1, undefined, undefined, 0, undefined, undefined])
  })

  it('counts lines by the file’s own l map when it has one (istanbul 0.x, solidity-coverage)', () => {
    const file = parse({ 'a.sol': { ...statements, l: { '2': 1, '3': 1, '5': 0, '6': 0 } } })
    expect(lines(file)).toEqual([undefined, 1, 1, undefined, 0, 0, undefined])
  })

  it('reads a u64-overflowed hit count as a line that ran', () => {
    const file = parse(`{"a.js": ${JSON.stringify(statements).replace('"s":{"1":1', '"s":{"1":18446744073709551615')}}`)
    expect(lines(file)).toEqual([undefined, 1, undefined, undefined, 0, undefined, undefined])
  })

  it('refuses an l entry that is not a line’s hits', () => {
    expect(() => parse({ 'a.js': { ...statements, l: { x: 1 } } })).toThrow(/l\["x"\] is not a line's hits/)
  })
})
