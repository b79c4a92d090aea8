// What coverage-gate decides, from what it read: the merged coverage, the patch, the headline and
// the verdict. Pure: plain data in, plain data out; no environment, no I/O.
import { FileError } from '@shipgate/core/action'
import { baselinePct } from './baseline.js'
import type { Changes } from './changed.js'
import { measureComponents, type ComponentsMeasured } from './components.js'
import { chooseHeadline, type Headline } from './headline.js'
import type { Inputs } from './inputs.js'
import { countFile, mergeReports, sumCounts, type Counts, type Merged } from './merge.js'
import { normalize } from './paths.js'
import { patchCoverage, patchTotals, type PatchFile } from './patch.js'
import type { Read } from './read.js'
import { evaluate, pct, type Measures, type Verdict } from './rules.js'

export interface Measurement {
  merged: Merged
  changes: Changes | undefined
  patchFiles: PatchFile[] | undefined
  perFile: Map<string, Counts>
  /** The totals counted from line data, whatever the headline is. */
  lineData: Counts
  headline: Headline
  /** Each component's verdict, when components are set. */
  components: ComponentsMeasured | undefined
  /** The whole repository's rules and every component's. */
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
  const patch: Measures['patch'] = patchFiles ? patchTotals(patchFiles) : changes?.found === false ? changes : undefined
  const stillExists = (path: string) => repo.files.has(path)
  const components =
    inputs.components.length > 0
      ? measureComponents(inputs.components, inputs.carryforward, {
          perFile,
          patchFiles,
          patch,
          diff,
          baseline,
          stillExists,
        })
      : undefined
  // A carried component's files are not in this run's numbers, so they leave the baseline's too.
  const measuredHere = (path: string) => stillExists(path) && !components?.inCarried(path)
  const whole = evaluate(
    {
      totals: headline.totals,
      lineDataPct: pct(lineData.linesCovered, lineData.linesTotal),
      patch,
      baselinePct: baseline ? baselinePct(baseline, measuredHere, diff) : undefined,
      unmatched: {
        files: merged.unmatched.length,
        lines: sum(merged.unmatched, (entry) => entry.lines),
        reportedLines: merged.reported.lines,
      },
    },
    inputs,
  )
  return {
    merged,
    changes,
    patchFiles,
    perFile,
    lineData,
    headline,
    components,
    verdict: withComponents(whole, components),
  }
}

/** The whole repository's verdict, failed too when a component failed, with that component's reasons. */
function withComponents(whole: Verdict, components: ComponentsMeasured | undefined): Verdict {
  const failed = (components?.results ?? []).filter((component) => component.status === 'failed')
  if (failed.length === 0) return whole
  const reasons = failed.map((component) => `component ${component.name}: ${component.verdict.reason}`)
  return { ...whole, passed: false, reason: [...(whole.passed ? [] : [whole.reason]), ...reasons].join('; ') }
}
