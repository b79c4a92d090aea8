import { describe, expect, it } from '@jest/globals'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chooseHeadline } from './headline.js'
import { newFile, type ParsedReport } from './model.js'
import { parseLcov } from './parsers/lcov.js'

const lineData = { linesCovered: 8, linesTotal: 10, branchesCovered: 1, branchesTotal: 4 }
const stating = (files = 2): ParsedReport => ({
  file: 'a.xml',
  format: 'cobertura',
  files: Array.from({ length: files }, (_, i) => newFile(`f${i}.py`)),
  sourceRoots: [],
  stated: { lines: { covered: 9, total: 12 }, branches: { covered: 3, total: 6 }, where: 'root attributes' },
})
const mergedOf = (files: number, unmatched = 0, excluded = 0) => ({
  files: new Map(Array.from({ length: files }, (_, i) => [`f${i}.py`, newFile(`f${i}.py`)] as const)),
  unmatched: Array.from({ length: unmatched }, (_, i) => ({
    report: 'a.xml',
    path: `x${i}`,
    lines: 1,
    linesCovered: 0,
  })),
  excluded,
})

describe('chooseHeadline', () => {
  it.each([
    ['one report read whole: its own total', [stating()], mergedOf(2), 'report', undefined],
    ['two reports: line data', [stating(), stating()], mergedOf(2), 'line data', '2 reports are merged line by line'],
    [
      'a file left unmatched',
      [stating()],
      mergedOf(1, 1),
      'line data',
      '1 of its files match no file of the repository and are left out',
    ],
    ['a file excluded', [stating()], mergedOf(1, 0, 1), 'line data', '1 of its files are excluded by `exclude`'],
    [
      'two paths onto one file',
      [stating()],
      mergedOf(1),
      'line data',
      '1 of its paths name a file another path of it names too',
    ],
    ['a report that states nothing', [{ ...stating(), stated: undefined }], mergedOf(2), 'line data', undefined],
    [
      'zero lines stated over files with lines',
      [{ ...stating(), stated: { lines: { covered: 0, total: 0 }, where: 'root attributes' } }],
      mergedOf(2),
      'line data',
      'its own totals (root attributes) cannot be true: it states 0 lines where its files list 10',
    ],
    [
      'covered above valid',
      [
        {
          ...stating(),
          stated: { where: 'root attributes', contradictions: ['lines-covered 9 exceeds lines-valid 3'] },
        },
      ],
      mergedOf(2),
      'line data',
      'its own totals (root attributes) cannot be true: lines-covered 9 exceeds lines-valid 3',
    ],
  ] as const)('%s', (_, reports, merged, from, why) => {
    const headline = chooseHeadline(reports, merged, lineData)
    expect(headline).toEqual({
      from,
      why,
      totals: from === 'report' ? { linesCovered: 9, linesTotal: 12, branchesCovered: 3, branchesTotal: 6 } : lineData,
    })
  })

  it('takes what the report does not state from the line data', () => {
    const report = { ...stating(), stated: { lines: { covered: 9, total: 12 }, where: 'root' } }
    expect(chooseHeadline([report], mergedOf(2), lineData).totals).toEqual({
      ...lineData,
      linesCovered: 9,
      linesTotal: 12,
    })
  })
})

describe("LCOV's own totals", () => {
  const lcov = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'shipgate-lcov-')), 'lcov.info')
    writeFileSync(file, text)
    return parseLcov(file)
  }
  const record = (sf: string, summaries: string) =>
    `SF:${sf}\nDA:1,1\nDA:2,0\nBRDA:1,0,0,1\nBRDA:1,0,1,0\n${summaries}end_of_record\n`

  it('sums LF/LH/BRF/BRH over the records', async () => {
    const report = await lcov(record('a.c', 'LF:3\nLH:2\nBRF:2\nBRH:1\n') + record('b.c', 'LF:2\nLH:1\nBRF:2\nBRH:1\n'))
    expect(report.stated).toMatchObject({ lines: { covered: 3, total: 5 }, branches: { covered: 2, total: 4 } })
  })

  it('states nothing when a file has two records: lcov would merge them, the sums count lines twice', async () => {
    const report = await lcov(record('a.c', 'LF:2\nLH:1\n') + record('a.c', 'LF:2\nLH:1\n'))
    expect(report.stated).toBeUndefined()
  })

  it('states no lines when a record lacks LF, no branches when a record with branches lacks BRF', async () => {
    expect((await lcov(record('a.c', 'LH:1\n'))).stated).toBeUndefined()
    expect((await lcov(record('a.c', 'LF:2\nLH:1\n'))).stated).toEqual({
      lines: { covered: 1, total: 2 },
      branches: undefined,
      where: 'LF/LH, BRF/BRH summed over records',
    })
  })

  it('takes a garbled summary as no total, never as a number', async () => {
    expect((await lcov(record('a.c', 'LF:two\nLH:1\n'))).stated).toBeUndefined()
  })
})
