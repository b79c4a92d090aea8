// Which totals make the headline: the report's own, when one report is read whole, so the gate
// says what the tool says; else the union of the line data, the only thing several reports share.
import type { Counts, Merged } from './merge.js'
import type { ParsedReport } from './model.js'

export interface Headline {
  totals: Counts
  from: 'report' | 'line data'
  /** Why a total some report states is not the headline. */
  why?: string
}

export function chooseHeadline(
  reports: readonly ParsedReport[],
  merged: Pick<Merged, 'files' | 'unmatched' | 'excluded'>,
  fromLines: Counts,
): Headline {
  const stating = reports.filter((report) => report.stated).length
  const recomputed = (why: string | undefined): Headline => ({
    totals: fromLines,
    from: 'line data',
    why: stating > 0 ? why : undefined,
  })
  const [report] = reports
  if (reports.length !== 1 || !report) return recomputed(`${reports.length} reports are merged line by line`)
  if (!report.stated) return recomputed(undefined)
  const reasons: string[] = []
  if (merged.unmatched.length > 0)
    reasons.push(`${merged.unmatched.length} of its files match no file of the repository and are left out`)
  if (merged.excluded > 0) reasons.push(`${merged.excluded} of its files are excluded by \`exclude\``)
  const matched = report.files.length - merged.unmatched.length - merged.excluded
  if (merged.files.size < matched)
    reasons.push(`${matched - merged.files.size} of its paths name a file another path of it names too`)
  if (reasons.length > 0) return recomputed(reasons.join('; '))
  const { lines, branches } = report.stated
  // Every file matched, so the line data is the report's own: a total it cannot have is a writer's bug.
  const impossible = [...(report.stated.contradictions ?? [])]
  if (lines?.total === 0 && fromLines.linesTotal > 0)
    impossible.push(`it states 0 lines where its files list ${fromLines.linesTotal}`)
  if (branches?.total === 0 && fromLines.branchesTotal > 0)
    impossible.push(`it states 0 branches where its files list ${fromLines.branchesTotal}`)
  if (impossible.length > 0)
    return recomputed(`its own totals (${report.stated.where}) cannot be true: ${impossible.join('; ')}`)
  return {
    from: 'report',
    totals: {
      linesCovered: lines?.covered ?? fromLines.linesCovered,
      linesTotal: lines?.total ?? fromLines.linesTotal,
      branchesCovered: branches?.covered ?? fromLines.branchesCovered,
      branchesTotal: branches?.total ?? fromLines.branchesTotal,
    },
  }
}
