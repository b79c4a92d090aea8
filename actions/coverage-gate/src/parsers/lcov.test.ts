import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseLcov } from './lcov.js'

async function parse(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'shipgate-lcov-')), 'lcov.info')
  writeFileSync(file, text)
  return (await parseLcov(file)).files
}

describe('parseLcov: a BRDA id is one branch of its line, wherever it appears', () => {
  it('keeps ids in order as consecutive branches, and a revisited or repeated id as the same branch', async () => {
    const [file] = await parse(
      [
        'SF:a.c',
        'BRDA:5,0,0,1',
        'BRDA:5,0,1,-',
        'BRDA:6,0,0,0',
        'BRDA:7,0,0,0',
        'BRDA:7,0,0,2', // the same id again: taken by the second entry
        'BRDA:5,0,1,3', // line 5 again, after line 7: its second branch
        'BRDA:5,1,0,0', // a new id on line 5: its third branch
        'BRDA:8,0,1,1', // ids out of order on a line: first seen, first branch
        'BRDA:8,0,0,0',
        'BRDA:9,0,(a && b) == True,1', // lcov 2.x expression ids
        'BRDA:9,0,(a && b) == False,0',
        'end_of_record',
        'SF:a.c', // a second record of the same file: the same ids are the same branches
        'BRDA:6,0,0,4',
        'BRDA:8,0,0,1',
        'end_of_record',
        '',
      ].join('\n'),
    )
    const flags = file?.branches
    expect([5, 6, 7, 8, 9].map((line) => flags?.get(line))).toEqual([
      [true, true, false],
      [true],
      [true],
      [true, true],
      [true, false],
    ])
    expect([flags?.total, flags?.taken]).toEqual([9, 7])
  })

  it('reads the fast path and the general path alike', async () => {
    const [fast] = await parse('SF:a.c\nDA:1,1\nDA:2,0\nBRDA:1,0,0,1\nBRDA:1,0,1,-\nend_of_record\n')
    const [slow] = await parse('SF:a.c\nDA:1,1.0\nDA:2,-0\nBRDA:1,0,0,1.0\nBRDA:1,0,1,-\nend_of_record\n')
    for (const file of [fast, slow])
      expect([file?.lines.get(1), file?.lines.get(2), file?.branches.get(1)]).toEqual([1, 0, [true, false]])
  })

  it('reads CRLF line ends and a last line without its newline', async () => {
    const [crlf] = await parse('SF:a.c\r\nDA:1,1\r\nDA:2,0\r\nBRDA:1,0,0,1\r\nBRDA:1,0,1,-\r\nend_of_record\r\n')
    const [open] = await parse('SF:a.c\nDA:1,1\nDA:2,0\nBRDA:1,0,0,1\nBRDA:1,0,1,-\nend_of_record')
    for (const file of [crlf, open])
      expect([file?.path, file?.lines.get(1), file?.lines.get(2), file?.branches.get(1)]).toEqual([
        'a.c',
        1,
        0,
        [true, false],
      ])
  })
})
