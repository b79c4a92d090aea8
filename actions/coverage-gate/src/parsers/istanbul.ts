import { FileError, readJsonObject } from '@shipgate/core/action'
import { addBranches, newFile, type FileCoverage, type ParsedReport } from '../model.js'

interface Location {
  start?: { line?: number }
}

interface IstanbulFile {
  path?: string
  statementMap?: Record<string, Location>
  s?: Record<string, number>
  branchMap?: Record<string, { loc?: Location; locations?: Location[]; line?: number }>
  b?: Record<string, number[]>
}

const EXPECTED = 'istanbul coverage-final.json (an object of files with statementMap and s)'

/**
 * istanbul's coverage-final.json (nyc, Jest, Vitest, c8), also in Jest's `{ "data": … }`
 * per-file wrapper. Lines are derived as istanbul does: a statement's hits count on its start
 * line, the highest count wins, so the totals equal istanbul's `lines.pct`.
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
    for (const [id, location] of Object.entries(entry.statementMap)) {
      const line = location.start?.line
      const hits = entry.s[id] ?? 0
      if (typeof line !== 'number') continue
      coverage.lines.set(line, Math.max(coverage.lines.get(line) ?? 0, hits))
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
