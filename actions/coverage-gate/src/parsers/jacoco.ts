import { FileError } from '@shipgate/core/action'
import {
  addBranches,
  addLine,
  fileTable,
  ownString,
  tally,
  type FileCoverage,
  type ParsedReport,
  type Tally,
} from '../model.js'
import { checkedCount } from './count.js'

/** More branches than one line of any language holds: the file is wrong, not the code. */
const MAX_BRANCHES_PER_LINE = 65_535
import { attribute, readXml } from '../xml.js'

/**
 * JaCoCo XML, multi-module `<group>`s included. A source line counts when it has instructions
 * (mi + ci > 0) and is covered when one ran (ci > 0): exactly JaCoCo's LINE counter. Paths are
 * the package path plus the source file name, e.g. com/example/Foo.java.
 */
export async function parseJacoco(file: string): Promise<ParsedReport> {
  const files = fileTable()
  let pkg = ''
  let current: FileCoverage | undefined
  let root = ''
  let unreadable = 0
  // The <report>'s own counters; a report without branches has no BRANCH counter at all.
  const counters = new Map<string, Tally | undefined>()
  await readXml(file, {
    open(name, attributes, stack) {
      if (stack.length === 0) root = name
      if (name === 'counter' && stack.length === 1) {
        const missed = Number(attribute(attributes, 'missed'))
        const covered = attribute(attributes, 'covered')
        counters.set(attribute(attributes, 'type') ?? '', tally(covered, missed + Number(covered)))
      }
      if (name === 'package') pkg = ownString(attribute(attributes, 'name') ?? '')
      else if (name === 'sourcefile') {
        const source = attribute(attributes, 'name') ?? ''
        current = files.get(pkg ? `${pkg}/${source}` : source)
      } else if (name === 'line' && current && stack[stack.length - 1] === 'sourcefile') {
        const nr = Number(attribute(attributes, 'nr'))
        if (attribute(attributes, 'mi') === undefined && attribute(attributes, 'ci') === undefined) {
          // gcovr's JaCoCo writer leaves mi/ci out: such a line's coverage is unknown.
          unreadable += 1
          return
        }
        const [mi, ci, mb, cb] = ['mi', 'ci', 'mb', 'cb'].map((key) => Number(attribute(attributes, key) ?? 0))
        if (!(nr > 0) || [mi, ci, mb, cb].some((n) => !Number.isFinite(n))) {
          throw new FileError(
            file,
            `<line> in ${current.path} needs nr, mi and ci: expected e.g. <line nr="3" mi="0" ci="2" mb="0" cb="0"/>`,
          )
        }
        for (const [key, value] of [
          ['nr', nr],
          ['mi', mi],
          ['ci', ci],
          ['mb', mb],
          ['cb', cb],
        ] as const)
          checkedCount(value ?? 0, file, `<line ${key}="${attribute(attributes, key)}"> in ${current.path}`)
        if ((mi ?? 0) + (ci ?? 0) > 0) addLine(current, nr, ci ?? 0)
        const branches = (mb ?? 0) + (cb ?? 0)
        if (branches > MAX_BRANCHES_PER_LINE)
          throw new FileError(
            file,
            `<line nr="${nr}"> in ${current.path} states ${branches} branches: expected at most ${MAX_BRANCHES_PER_LINE} on one line`,
          )
        if (branches > 0)
          addBranches(
            current,
            nr,
            Array.from({ length: branches }, (_, i) => i < (cb ?? 0)),
          )
      }
    },
    close(name) {
      if (name === 'sourcefile') current = undefined
      if (name === 'package') pkg = ''
    },
  })
  if (root !== 'report') throw new FileError(file, `has root <${root}>: expected JaCoCo's <report>`)
  const warnings =
    unreadable > 0
      ? [
          `${unreadable} <line> entries have no mi/ci counts (gcovr writes JaCoCo so) and were left out; use gcovr's Cobertura or LCOV output instead`,
        ]
      : []
  const lines = counters.get('LINE')
  const stated = lines
    ? {
        lines,
        branches: counters.get('BRANCH') ?? { covered: 0, total: 0 },
        where: '<report> LINE and BRANCH counters',
      }
    : undefined
  return { file, format: 'jacoco', files: files.all(), sourceRoots: [], warnings, stated }
}
