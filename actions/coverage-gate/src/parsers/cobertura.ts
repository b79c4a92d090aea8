import { FileError } from '@shipgate/core/action'
import {
  addLine,
  fileTable,
  ownString,
  tally,
  type FileCoverage,
  type ParsedReport,
  type StatedTotals,
} from '../model.js'
import { checkedCount, hitCount } from './count.js'
import { attribute, readXml } from '../xml.js'

/**
 * `condition-coverage="50% (1/2)"`: one flag per branch, the covered ones first (the report does
 * not say which). Read without a regex or an array: a large report has millions of these.
 */
function markConditions(file: FileCoverage, line: number, text: string | undefined): void {
  if (text === undefined) return
  const open = text.indexOf('(')
  const slash = text.indexOf('/', open)
  const close = text.indexOf(')', slash)
  if (open < 0 || slash < 0 || close < 0) return
  const covered = Number(text.slice(open + 1, slash))
  const total = Number(text.slice(slash + 1, close))
  if (!Number.isSafeInteger(covered) || !Number.isSafeInteger(total) || covered < 0 || total > 65_535) return
  for (let i = 0; i < total; i++) file.branches.mark(line, i, i < covered)
}

/**
 * Cobertura XML from coverage.py, gcovr, coverlet, istanbul, simplecov and others. Lines are read
 * from `class > lines > line` only: `method > lines` repeats them. A file split over several
 * classes (gcovr, coverlet) merges into one.
 */
export async function parseCobertura(file: string): Promise<ParsedReport> {
  const files = fileTable()
  const sourceRoots: string[] = []
  let current: FileCoverage | undefined
  let root = ''
  let stated: StatedTotals | undefined
  await readXml(file, {
    wantsText: new Set(['source']),
    open(name, attributes, stack) {
      if (stack.length === 0) {
        root = name
        // Cobertura's own totals; the oldest writers state only rates, which give no counts.
        const pair = (kind: 'lines' | 'branches') => {
          const [covered, valid] = [attribute(attributes, `${kind}-covered`), attribute(attributes, `${kind}-valid`)]
          const stated = tally(covered, valid)
          const contradiction =
            !stated && Number(covered) > Number(valid)
              ? `${kind}-covered ${covered} exceeds ${kind}-valid ${valid}`
              : undefined
          return { stated, contradiction }
        }
        const [lines, branches] = [pair('lines'), pair('branches')]
        const contradictions = [lines.contradiction, branches.contradiction].filter((text) => text !== undefined)
        if (lines.stated || branches.stated || contradictions.length > 0)
          stated = {
            lines: lines.stated,
            branches: branches.stated,
            where: 'root lines-covered/lines-valid, branches-covered/branches-valid',
            contradictions,
          }
      }
      if (name === 'class') {
        const filename = attribute(attributes, 'filename')
        if (filename === undefined) throw new FileError(file, '<class> without filename: expected Cobertura XML')
        current = files.get(filename)
      } else if (
        name === 'line' &&
        current &&
        stack[stack.length - 1] === 'lines' &&
        stack[stack.length - 2] === 'class'
      ) {
        const number = Number(attribute(attributes, 'number'))
        const hits = Number(attribute(attributes, 'hits'))
        if (!(number > 0) || !Number.isFinite(hits)) {
          throw new FileError(
            file,
            `<line> in ${current.path} needs number and hits: expected e.g. <line number="3" hits="1"/>`,
          )
        }
        checkedCount(number, file, `<line number="${attribute(attributes, 'number')}"> in ${current.path}`)
        addLine(current, number, hitCount(hits))
        if (attribute(attributes, 'branch')?.trim().toLowerCase() === 'true')
          markConditions(current, number, attribute(attributes, 'condition-coverage'))
      }
    },
    close(name) {
      if (name === 'class') current = undefined
    },
    text(name, text) {
      if (name === 'source' && text.trim()) sourceRoots.push(ownString(text.trim()))
    },
  })
  if (root !== 'coverage') throw new FileError(file, `has root <${root}>: expected Cobertura's <coverage>`)
  return { file, format: 'cobertura', files: files.all(), sourceRoots, stated }
}
