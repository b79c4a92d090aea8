// What coverage-gate decides, from what it read: the merged coverage, the patch, the headline and
// the verdict. Pure: plain data in, plain data out; no environment, no I/O.
import { FileError } from '@shipgate/core/action'
import { baselinePct } from './baseline.js'
import type { Changes } from './changed.js'
import { chooseHeadline, type Headline } from './headline.js'
import type { Inputs } from './inputs.js'
import { countFile, mergeReports, sumCounts, type Counts, type Merged } from './merge.js'
import { normalize } from './paths.js'
import { patchCoverage, type PatchFile } from './patch.js'
import type { Read } from './read.js'
import { evaluate, pct, type Verdict } from './rules.js'

export interface Measurement {
  merged: Merged
  changes: Changes | undefined
  patchFiles: PatchFile[] | undefined
  perFile: Map<string, Counts>
  /** The totals counted from line data, whatever the headline is. */
  lineData: Counts
  headline: Headline
  verdict: Verdict
}

const sum = <T>(items: readonly T[], of: (item: T) => number) => items.reduce((total, item) => total + of(item), 0)

export function measure(
  read: Read,
  changes: Changes | undefined,
  inputs: Inputs,
  workspaces: readonly (string | undefined)[],
): Measurement {
  const { reports, repo, baseline } = read
  const roots = [...new Set(workspaces.filter((path): path is string => !!path).map(normalize))]
  const merged = mergeReports(reports, { repo, fixes: inputs.pathFixes, workspaces: roots }, inputs.exclude)
  if (merged.files.size === 0) {
    throw new FileError(
      reports.map((report) => report.file).join(', '),
      `no report path matches a file of the repository (e.g. ${merged.unmatched[0]?.path ?? 'none'}): add path-fixes, or check working-directory`,
    )
  }
  const diff = changes?.found ? changes.diff : undefined
  const patchFiles = diff ? patchCoverage(diff, merged.files) : undefined
  const perFile = new Map([...merged.files].map(([path, file]) => [path, countFile(file)]))
  const lineData = sumCounts(perFile.values())
  const headline = chooseHeadline(reports, merged, lineData)
  const verdict = evaluate(
    {
      totals: headline.totals,
      lineDataPct: pct(lineData.linesCovered, lineData.linesTotal),
      patch: patchFiles
        ? { covered: sum(patchFiles, (f) => f.covered), total: sum(patchFiles, (f) => f.total) }
        : changes?.found === false
          ? changes
          : undefined,
      baselinePct: baseline ? baselinePct(baseline, (path) => repo.files.has(path), diff) : undefined,
      unmatched: {
        files: merged.unmatched.length,
        lines: sum(merged.unmatched, (entry) => entry.lines),
        reportedLines: merged.reported.lines,
      },
    },
    inputs,
  )
  return { merged, changes, patchFiles, perFile, lineData, headline, verdict }
}
