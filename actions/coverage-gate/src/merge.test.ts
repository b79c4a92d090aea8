import { describe, expect, it } from '@jest/globals'
import { countFile, mergeReports } from './merge.js'
import { addBranches, addLine, newFile, type ParsedReport } from './model.js'
import { patchCoverage, toRanges } from './patch.js'
import type { RepoIndex } from './paths.js'

function repo(files: string[]): RepoIndex {
  const byBasename = new Map<string, string[]>()
  for (const file of files) byBasename.set(file.split('/').pop() ?? file, [file])
  return { root: '/repo', files: new Set(files), byBasename, goModules: [] }
}
const context = { repo: repo(['src/a.ts', 'src/b.ts']), fixes: [], workspaces: ['/repo'] }

/** A report of one file: `lines` maps a line to its hits, `branches` a line to its taken flags. */
function leg(
  name: string,
  path: string,
  lines: Record<number, number>,
  branches: Record<number, boolean[]> = {},
): ParsedReport {
  const file = newFile(path)
  for (const [line, hits] of Object.entries(lines)) addLine(file, Number(line), hits)
  for (const [line, taken] of Object.entries(branches)) addBranches(file, Number(line), taken)
  return { file: name, format: 'lcov', files: [file], sourceRoots: [] }
}

describe('mergeReports: matrix legs add up to their union', () => {
  it('covers a line or a branch when any leg covered it', () => {
    const linux = leg('linux.info', '/repo/src/a.ts', { 1: 1, 2: 0, 3: 0 }, { 2: [true, false] })
    const windows = leg('windows.xml', 'D:\\a\\repo\\repo\\src\\a.ts', { 1: 0, 2: 1, 3: 0 }, { 2: [false, true] })
    const merged = mergeReports([linux, windows], context, [])
    const file = merged.files.get('src/a.ts')
    expect(file && countFile(file)).toEqual({ linesTotal: 3, linesCovered: 2, branchesTotal: 2, branchesCovered: 2 })
  })

  it('lists a path that matches no repository file, and leaves excluded files out', () => {
    const merged = mergeReports(
      [leg('one.info', '/usr/include/stdio.h', { 1: 1 }), leg('two.info', 'src/b.ts', { 1: 1 })],
      context,
      ['src/b.*'],
    )
    expect(merged.unmatched).toEqual([{ report: 'one.info', path: '/usr/include/stdio.h', lines: 1, linesCovered: 1 }])
    expect(merged.excluded).toBe(1)
    // The reports' own total counts every line they name, matched, excluded or not.
    expect(merged.reported).toEqual({ lines: 2, linesCovered: 2 })
    expect(merged.files.size).toBe(0)
  })
})

describe('patchCoverage: the changed lines the reports measure', () => {
  it('counts only measured changed lines and lists the uncovered ones in order', () => {
    const { files } = mergeReports([leg('l.info', 'src/a.ts', { 3: 1, 5: 0, 6: 0, 9: 1 })], context, [])
    const diff = {
      added: new Map([
        ['src/a.ts', new Set([6, 4, 5, 3])],
        ['src/c.ts', new Set([1])],
      ]),
      removed: new Map(),
    }
    expect(patchCoverage(diff, files)).toEqual([{ path: 'src/a.ts', covered: 1, total: 3, uncovered: [5, 6] }])
  })

  it.each<[number[], Array<[number, number]>]>([
    [[], []],
    [[4], [[4, 4]]],
    [
      [5, 6, 7, 9],
      [
        [5, 7],
        [9, 9],
      ],
    ],
  ])('groups %j into ranges %j', (lines, ranges) => expect(toRanges(lines)).toEqual(ranges))
})
