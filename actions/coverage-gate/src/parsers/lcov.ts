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
import { forEachLineChunk } from '../read-stream.js'
import { checkedCount, hitCount } from './count.js'
import { BranchIds, KeyLog, LINE_KEY } from './lcov-branch-ids.js'

// Records that carry nothing the per-line model needs: test names, functions, lcov 2.x versions
// and function aliases. The summaries (LF, LH, BRF, BRH) are the report's own totals.
const IGNORED = new Set(['TN', 'FN', 'FNDA', 'FNF', 'FNH', 'FNL', 'FNA', 'VER'])
const SUMMARIES = ['LF', 'LH', 'BRF', 'BRH'] as const
type Summary = (typeof SUMMARIES)[number]

function int(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : Number.NaN
}

/**
 * LCOV as istanbul, c8, lcov 1.x/2.x, gcovr and coverlet write it. `DA:<line>,<hits>[,<checksum>]`
 * gives line hits; `BRDA:<line>,<block>,<branch>,<taken>` gives branches, `-` meaning the block
 * never ran. Branches of one line are told apart by block and branch ids, so legs merge exactly.
 */
export async function parseLcov(file: string): Promise<ParsedReport> {
  const files = fileTable()
  let current: FileCoverage | undefined
  let currentStart = 0
  let branchIds: BranchIds | undefined
  const idsOf = new Map<FileCoverage, BranchIds>()
  const keyLog = new KeyLog()
  // The records' own summaries, summed. They state the report's total only when every record has
  // LF and LH (BRF and BRH where it lists branches) and no file has two records: lcov itself would
  // merge those, so their summaries would count lines twice.
  const sums: Record<Summary, number> = { LF: 0, LH: 0, BRF: 0, BRH: 0 }
  let record: Partial<Record<Summary, number>> = {}
  let recordHasBranches = false
  let linesStated = true
  let branchesStated = true
  let anyBranchSummary = false
  const fail = (line: number, expected: string, found: string): never => {
    throw new FileError(file, `expected ${expected}, found '${found.slice(0, 80)}'`, line)
  }
  const markBranch = (file: FileCoverage, lineNo: number, key: number | string, taken: boolean) => {
    const ids = branchIds as BranchIds
    file.branches.mark(lineNo, typeof key === 'number' ? ids.index(lineNo, key) : ids.mapped(lineNo, key), taken)
    recordHasBranches = true
  }
  const endRecord = () => {
    if (record.LF === undefined || record.LH === undefined) linesStated = false
    if (record.BRF !== undefined && record.BRH !== undefined) anyBranchSummary = true
    else if (recordHasBranches) branchesStated = false
    for (const key of SUMMARIES) sums[key] += record[key] ?? 0
  }
  const onLine = (line: string, number: number) => {
    if (line === '') return
    const colon = line.indexOf(':')
    const key = colon > 0 ? line.slice(0, colon) : line
    if (key === 'DA') {
      // Only DA lines the fast path could not read come here: floats, negatives, garbage.
      if (!current) fail(number, 'SF:<path> before DA', line)
      const comma = line.indexOf(',')
      const end = line.indexOf(',', comma + 1)
      const lineNo = comma < 0 ? Number.NaN : int(line.slice(3, comma))
      const hits = comma < 0 ? Number.NaN : Number(line.slice(comma + 1, end < 0 ? undefined : end))
      if (!(lineNo > 0) || !Number.isFinite(hits) || comma + 1 === line.length) fail(number, "'DA:<line>,<hits>'", line)
      checkedCount(lineNo, file, `line ${line.slice(3, comma)}`, number)
      addLine(current as FileCoverage, lineNo, hitCount(hits))
    } else if (key === 'BRDA') {
      if (!current) fail(number, 'SF:<path> before BRDA', line)
      const first = line.indexOf(',', 5)
      const last = line.lastIndexOf(',')
      const lineNo = first < 0 ? Number.NaN : int(line.slice(5, first))
      const taken = line.slice(last + 1)
      // coverage.py puts branches that leave a function on line 0; they count like any other.
      if (
        first < 0 ||
        last <= line.indexOf(',', first + 1) - 1 ||
        !(lineNo >= 0) ||
        (taken !== '-' && !Number.isFinite(Number(taken)))
      ) {
        fail(number, "'BRDA:<line>,<block>,<branch>,<taken>'", line)
      }
      // Block and branch ids (an expression in lcov 2.x) identify a branch, so legs merge exactly.
      // Small integer ids, the usual case, make a numeric key: no string built per branch.
      const ids = line.slice(first + 1, last)
      const split = ids.indexOf(',')
      const block = split > 0 ? int(ids.slice(0, split)) : Number.NaN
      const branch = split > 0 ? int(ids.slice(split + 1)) : Number.NaN
      const key =
        block < 1024 && branch < 1024 ? lineNo * LINE_KEY + block * 1024 + branch : ownString(`${lineNo}:${ids}`)
      markBranch(current as FileCoverage, lineNo, key, taken !== '-' && Number(taken) > 0)
    } else if (key === 'SF') {
      if (current) fail(number, `end_of_record before the next SF (the record of ${current.path} is not closed)`, line)
      current = files.get(line.slice(3).trim())
      branchIds = idsOf.get(current)
      if (branchIds) linesStated = branchesStated = false
      else idsOf.set(current, (branchIds = new BranchIds(current.branches, keyLog)))
      currentStart = number
      record = {}
      recordHasBranches = false
    } else if (line === 'end_of_record') {
      if (current) endRecord()
      current = undefined
    } else if ((SUMMARIES as readonly string[]).includes(key)) {
      // A garbled summary makes the sum NaN: the report then states no total, and line data counts.
      if (current) {
        const text = line.slice(colon + 1).trim()
        record[key as Summary] = checkedCount(int(text), file, `${key} ${text}`, number)
      }
    } else if (!IGNORED.has(key)) {
      fail(number, 'an LCOV record (SF, DA, BRDA, end_of_record, …)', line)
    }
  }
  let number = 0
  /** The general path: one line decoded, for every record but the two hot ones. */
  const slow = (buffer: Buffer, start: number): number => {
    const newline = buffer.indexOf(10, start)
    onLine(buffer.toString('utf8', start, newline).trimEnd(), number)
    return newline + 1
  }
  await forEachLineChunk(file, (buffer, end) => {
    // Every line here ends in \n before `end`: digit loops stop at it, and the checks of a record's
    // first bytes stop at the first that differs, so nothing reads past a line.
    let start = 0
    while (start < end) {
      number += 1
      const first = buffer[start]
      if (current === undefined || (first !== 68 && first !== 66)) {
        start = slow(buffer, start)
        continue
      }
      // The hot path, most of any report: `DA:<digits>,<digits>` read from the bytes in place.
      if (first === 68 && buffer[start + 1] === 65 && buffer[start + 2] === 58) {
        let i = start + 3
        let c = buffer[i] ?? 0
        let lineNo = 0
        for (; c >= 48 && c <= 57; c = buffer[++i] ?? 0) lineNo = lineNo * 10 + (c - 48)
        // At most 15 digits each, exact in a double; longer ones go the general path, which refuses them.
        if (c === 44 && lineNo > 0 && i - start < 19) {
          const hitsStart = ++i
          let hits = 0
          for (c = buffer[i] ?? 0; c >= 48 && c <= 57; c = buffer[++i] ?? 0) hits = hits * 10 + (c - 48)
          if (i > hitsStart && i - hitsStart < 16 && c === 10) {
            current.lines.set(lineNo, hits)
            start = i + 1
            continue
          }
          // A checksum after the hits, or a \r: the rest of the line is not needed.
          if (i > hitsStart && i - hitsStart < 16 && (c === 44 || c === 32 || c === 13)) {
            current.lines.set(lineNo, hits)
            start = buffer.indexOf(10, i) + 1
            continue
          }
        }
      } else if (
        // The next most common record: `BRDA:<line>,<block>,<branch>,<taken|->` with small integer ids.
        first === 66 &&
        buffer[start + 1] === 82 &&
        buffer[start + 2] === 68 &&
        buffer[start + 3] === 65 &&
        buffer[start + 4] === 58
      ) {
        let i = start + 5
        let c = buffer[i] ?? 0
        let lineNo = 0
        for (; c >= 48 && c <= 57; c = buffer[++i] ?? 0) lineNo = lineNo * 10 + (c - 48)
        const blockStart = i + 1
        let block = 0
        if (c === 44) for (c = buffer[++i] ?? 0; c >= 48 && c <= 57; c = buffer[++i] ?? 0) block = block * 10 + (c - 48)
        const branchStart = i + 1
        let branch = 0
        if (c === 44 && i > blockStart)
          for (c = buffer[++i] ?? 0; c >= 48 && c <= 57; c = buffer[++i] ?? 0) branch = branch * 10 + (c - 48)
        if (c === 44 && i > branchStart && i > start + 5 && block < 1024 && branch < 1024) {
          const takenStart = ++i
          let taken = 0
          c = buffer[i] ?? 0
          if (c === 45) c = buffer[++i] ?? 0
          else for (; c >= 48 && c <= 57; c = buffer[++i] ?? 0) taken = taken * 10 + (c - 48)
          if (i > takenStart && (c === 10 || (c === 13 && buffer[i + 1] === 10))) {
            markBranch(current, lineNo, lineNo * LINE_KEY + block * 1024 + branch, taken > 0)
            start = c === 10 ? i + 1 : i + 2
            continue
          }
        }
      }
      start = slow(buffer, start)
    }
  })
  if (current) {
    throw new FileError(
      file,
      `is truncated: the record of ${current.path} (from line ${currentStart}) has no end_of_record`,
    )
  }
  const lines = linesStated ? tally(sums.LH, sums.LF) : undefined
  const branches = branchesStated && anyBranchSummary ? tally(sums.BRH, sums.BRF) : undefined
  const stated: StatedTotals | undefined = lines
    ? { lines, branches, where: 'LF/LH, BRF/BRH summed over records' }
    : undefined
  return { file, format: 'lcov', files: files.all(), sourceRoots: [], stated }
}
