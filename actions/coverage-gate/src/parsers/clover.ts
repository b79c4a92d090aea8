import { FileError } from '@shipgate/core/action'
import {
  addBranches,
  addLine,
  fileTable,
  tally,
  type FileCoverage,
  type ParsedReport,
  type StatedTotals,
} from '../model.js'
import { checkedCount, hitCount } from './count.js'
import { attribute, readXml } from '../xml.js'

/**
 * Clover XML from istanbul, PHPUnit, OpenClover and gcovr. `type="method"` entries mark
 * function declarations, not lines istanbul counts; `stmt` and `cond` lines are the lines.
 * A `cond` line's truecount/falsecount mean two things: in OpenClover, how often the condition
 * was true and false (two branches); in istanbul's reporter (which always writes clover="3.2.0"),
 * how many of the line's branches were covered and not covered. OpenClover's `<testproject>`
 * (the test sources' own coverage) is not the project's code and is skipped.
 */
export async function parseClover(file: string): Promise<ParsedReport> {
  const files = fileTable()
  let current: FileCoverage | undefined
  /** Branches already read per line of the current file: OpenClover writes one cond per condition. */
  let branchesAt = new Map<number, number>()
  let root = ''
  let istanbul = false
  let stated: StatedTotals | undefined
  await readXml(file, {
    open(name, attributes, stack) {
      if (stack.length === 0) {
        root = name
        istanbul = attribute(attributes, 'clover') === '3.2.0'
      }
      // Clover states statements, not lines: the project's statements are its line headline.
      if (name === 'metrics' && stack[stack.length - 1] === 'project' && stack.length === 2) {
        const lines = tally(attribute(attributes, 'coveredstatements'), attribute(attributes, 'statements'))
        const branches = tally(attribute(attributes, 'coveredconditionals'), attribute(attributes, 'conditionals'))
        if (lines) stated = { lines, branches, where: '<project> metrics statements, conditionals' }
      }
      if (name === 'file') {
        // OpenClover lists the test sources under <testproject>; its own <project> metrics leave
        // them out, and so does the gate.
        if (stack.includes('testproject')) {
          current = undefined
          return
        }
        const path = attribute(attributes, 'path') ?? attribute(attributes, 'name')
        if (!path) throw new FileError(file, '<file> without path or name: expected Clover XML')
        current = files.get(path)
        branchesAt = new Map()
      } else if (name === 'line' && current) {
        const type = attribute(attributes, 'type')
        if (type === 'method') return
        const num = Number(attribute(attributes, 'num'))
        const [trueCount = 0, falseCount = 0] = ['truecount', 'falsecount'].map((key) =>
          Number(attribute(attributes, key) ?? 0),
        )
        // OpenClover's cond lines carry no count: the line ran as often as its condition was evaluated.
        const count = Number(attribute(attributes, 'count') ?? (type === 'cond' ? trueCount + falseCount : 0))
        checkedCount(num, file, `<line num="${attribute(attributes, 'num')}"> in ${current.path}`)
        for (const key of ['truecount', 'falsecount'])
          checkedCount(
            Number(attribute(attributes, key) ?? 0),
            file,
            `<line ${key}="${attribute(attributes, key)}"> in ${current.path}`,
          )
        if (!(num > 0) || !Number.isFinite(count)) {
          throw new FileError(
            file,
            `<line> in ${current.path} needs num and count: expected e.g. <line num="3" count="1" type="stmt"/>`,
          )
        }
        addLine(current, num, hitCount(count))
        if (type === 'cond') {
          const taken = istanbul
            ? Array.from({ length: trueCount + falseCount }, (_, i) => i < trueCount)
            : [trueCount > 0, falseCount > 0]
          const first = branchesAt.get(num) ?? 0
          addBranches(current, num, taken, first)
          branchesAt.set(num, first + taken.length)
        }
      }
    },
    close(name) {
      if (name === 'file') current = undefined
    },
  })
  if (root !== 'coverage') throw new FileError(file, `has root <${root}>: expected Clover's <coverage>`)
  return { file, format: 'clover', files: files.all(), sourceRoots: [], stated }
}
