import { FileError, readJsonObject } from '@shipgate/core/action'
import { addBranches, newFile, type FileCoverage, type ParsedReport } from '../model.js'
import { checkedCount, hitCount } from './count.js'

interface Location {
  start?: { line?: number }
}

interface IstanbulFile {
  path?: string
  statementMap?: Record<string, Location>
  s?: Record<string, number>
  branchMap?: Record<string, { loc?: Location; locations?: Location[]; line?: number }>
  b?: Record<string, number[]>
  /** istanbul 0.x and solidity-coverage: hits per line, the file's own line map. */
  l?: Record<string, number>
}

const EXPECTED = 'istanbul coverage-final.json (an object of files with statementMap and s)'

/**
 * istanbul's coverage-final.json (nyc, Jest, Vitest, c8), also in Jest's `{ "data": … }`
 * per-file wrapper. A file's own line map `l` (istanbul 0.x, solidity-coverage) is its lines, as
 * istanbul 0.x's reports count them; without one, lines are derived as istanbul does: a
 * statement's hits count on its start line, the highest count wins, so the totals equal
 * istanbul's `lines.pct`.
 */
export function parseIstanbul(file: string): ParsedReport {
  const document = readJsonObject(file, EXPECTED)
  const files: FileCoverage[] = []
  for (const [key, value] of Object.entries(document)) {
    const entry = ((value as { data?: IstanbulFile })?.data ?? value) as IstanbulFile
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof entry.statementMap !== 'object' ||
      typeof entry.s !== 'object'
    ) {
      throw new FileError(file, `entry '${key.slice(0, 80)}' has no statementMap: expected ${EXPECTED}`)
    }
    const coverage = newFile(entry.path ?? key)
    const where = `entry '${key.slice(0, 80)}'`
    if (typeof entry.l === 'object' && entry.l !== null) {
      for (const [line, hits] of Object.entries(entry.l)) {
        const number = Number(line)
        if (!(Number.isInteger(number) && number > 0) || typeof hits !== 'number' || !Number.isFinite(hits))
          throw new FileError(
            file,
            `${where}: l["${line.slice(0, 20)}"] is not a line's hits: expected e.g. "l": {"3": 1}`,
          )
        checkedCount(number, file, `${where}: line ${line}`)
        coverage.lines.set(number, hitCount(hits))
      }
    } else {
      for (const [id, location] of Object.entries(entry.statementMap)) {
        const line = location.start?.line
        const hits = entry.s[id] ?? 0
        if (typeof line !== 'number') continue
        coverage.lines.set(line, Math.max(coverage.lines.get(line) ?? 0, hitCount(hits)))
      }
    }
    // Several branch groups can start on one line (`a ? b : c || d`): their branches line up one
    // after another, in id order, so the same report from another leg merges branch by branch.
    const perLine = new Map<number, boolean[]>()
    for (const [id, branch] of Object.entries(entry.branchMap ?? {})) {
      const line = branch.loc?.start?.line ?? branch.locations?.[0]?.start?.line ?? branch.line
      const counts = entry.b?.[id]
      if (typeof line === 'number' && Array.isArray(counts))
        perLine.set(line, [...(perLine.get(line) ?? []), ...counts.map((count) => count > 0)])
    }
    for (const [line, taken] of perLine) addBranches(coverage, line, taken)
    files.push(coverage)
  }
  return { file, format: 'istanbul', files, sourceRoots: [] }
}
