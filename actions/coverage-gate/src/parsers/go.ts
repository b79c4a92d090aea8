import { FileError } from '@shipgate/core/action'
import { fileTable, type ParsedReport } from '../model.js'
import { forEachLine } from '../read-stream.js'
import { checkedCount, hitCount } from './count.js'

const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/

/**
 * Go coverprofiles (`set`, `count`, `atomic`), concatenated profiles included. With -coverpkg one
 * block appears once per test binary: blocks are keyed by position so each counts once, covered if
 * any run covered it. Statements are Go's headline (what `go tool cover -func` prints); lines get
 * the highest count of the blocks over them.
 */
export async function parseGo(file: string): Promise<ParsedReport> {
  const blocks = new Map<string, Map<string, { from: number; to: number; statements: number; count: number }>>()
  let sawMode = false
  await forEachLine(file, (line, number) => {
    if (line === '') return
    if (line.startsWith('mode: ')) {
      if (!['set', 'count', 'atomic'].includes(line.slice(6).trim())) {
        throw new FileError(file, `expected 'mode: set|count|atomic', found '${line.slice(0, 40)}'`, number)
      }
      sawMode = true
      return
    }
    if (!sawMode)
      throw new FileError(file, `expected 'mode: …' as the first line, found '${line.slice(0, 40)}'`, number)
    const match = BLOCK.exec(line)
    if (!match)
      throw new FileError(
        file,
        `expected '<file>:<line>.<col>,<line>.<col> <statements> <count>', found '${line.slice(0, 80)}'`,
        number,
      )
    const [, path = '', from, fromCol, to, toCol, statements, count] = match
    const perFile =
      blocks.get(path) ?? new Map<string, { from: number; to: number; statements: number; count: number }>()
    blocks.set(path, perFile)
    const key = `${from}.${fromCol},${to}.${toCol}`
    const previous = perFile.get(key)
    perFile.set(key, {
      from: checkedCount(Number(from), file, `line ${from}`, number),
      to: checkedCount(Number(to), file, `line ${to}`, number),
      statements: checkedCount(Number(statements), file, `statement count ${statements}`, number),
      count: Math.max(previous?.count ?? 0, hitCount(Number(count))),
    })
  })
  if (!sawMode) throw new FileError(file, "is empty: expected a Go coverprofile starting with 'mode: …'")
  const files = fileTable()
  for (const [path, perFile] of blocks) {
    const coverage = files.get(path)
    const statements = { total: 0, covered: 0 }
    for (const block of perFile.values()) {
      statements.total += block.statements
      if (block.count > 0) statements.covered += block.statements
      for (let line = block.from; line <= block.to; line++) {
        coverage.lines.set(line, Math.max(coverage.lines.get(line) ?? 0, block.count))
      }
    }
    coverage.statements = statements
  }
  return { file, format: 'go', files: files.all(), sourceRoots: [], goImportPaths: true }
}
