import { details, escapeMarkdown, table, verdictIcon } from '@shipgate/core/report'
import type { ComponentsMeasured } from './components.js'
import { boundedList } from './bounded-list.js'
import { componentsTable, points } from './components-summary.js'
import type { Headline } from './headline.js'
import type { Counts } from './merge.js'
import type { ParsedReport, StatedTotals, Tally } from './model.js'
import type { PatchFile } from './patch.js'
import { pct, show, type Verdict } from './rules.js'

export interface SummaryData {
  verdict: Verdict
  headline: Headline
  /** The totals of the line data, which the headline may not be. */
  lineData: Counts
  perFile: Map<string, Counts>
  patchFiles: PatchFile[] | undefined
  reports: ParsedReport[]
  unmatched: Array<{ report: string; path: string; lines: number; linesCovered: number }>
  /** Every line the reports name, matched or not. */
  reported: { lines: number; linesCovered: number }
  components?: ComponentsMeasured | undefined
  /** A link to a repository file at the commit measured, when the run knows its repository. */
  fileUrl?: (path: string) => string
}

const LEAST_COVERED = 10
const MAX_UNMATCHED_SHOWN = 30
/** Coverage per top-level folder, as a bar chart. */
function folderChart(perFile: Map<string, Counts>): string {
  const folders = new Map<string, { covered: number; total: number }>()
  for (const [path, counts] of perFile) {
    const folder = path.includes('/') ? path.slice(0, path.indexOf('/')) : '(root)'
    const entry = folders.get(folder) ?? { covered: 0, total: 0 }
    entry.covered += counts.linesCovered
    entry.total += counts.linesTotal
    folders.set(folder, entry)
  }
  const rows = [...folders]
    .filter(([, entry]) => entry.total > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, 30)
  if (rows.length < 2) return ''
  // Folder names go inside quotes in the chart: keep only characters that cannot end the string.
  const label = (name: string) => `"${name.replace(/[^\w.\-/ ()]/g, '_').slice(0, 30)}"`
  return [
    '```mermaid',
    'xychart-beta',
    '  title "Line coverage per top-level folder (%)"',
    `  x-axis [${rows.map(([name]) => label(name)).join(', ')}]`,
    '  y-axis "%" 0 --> 100',
    `  bar [${rows.map(([, entry]) => (Math.round(pct(entry.covered, entry.total) * 10) / 10).toFixed(1)).join(', ')}]`,
    '```',
  ].join('\n')
}

/** Without changed lines (a push), the files most in need of tests: lowest coverage, then most lines missed. */
function leastCoveredFiles(data: SummaryData): string {
  const measured = [...data.perFile].filter(([, counts]) => counts.linesTotal > 0)
  if (measured.length === 0) return ''
  const missed = (counts: Counts) => counts.linesTotal - counts.linesCovered
  const least = measured
    .sort(
      ([, a], [, b]) => pct(a.linesCovered, a.linesTotal) - pct(b.linesCovered, b.linesTotal) || missed(b) - missed(a),
    )
    .slice(0, LEAST_COVERED)
  return [
    `### Least-covered files (${least.length} of ${measured.length})`,
    table(
      ['file', 'lines covered', 'lines', 'coverage'],
      least.map(([path, counts]) => [
        data.fileUrl ? { markdown: `[${escapeMarkdown(path)}](${data.fileUrl(path)})` } : path,
        counts.linesCovered,
        counts.linesTotal,
        show(pct(counts.linesCovered, counts.linesTotal)),
      ]),
    ),
  ].join('\n\n')
}

const ofTally = (what: string, value: Tally) =>
  `${value.covered} of ${value.total} ${what}${value.total > 0 ? ` (${show(pct(value.covered, value.total))})` : ''}`

function ownTotal(stated: StatedTotals | undefined): string {
  if (!stated) return 'states none'
  return [stated.lines && ofTally('lines', stated.lines), stated.branches && ofTally('branches', stated.branches)]
    .filter(Boolean)
    .join(', ')
}

/** Says where the headline comes from when that matters: it differs from the line data, or a report's own total is set aside. */
function headlineNote(data: SummaryData): string {
  const { headline, lineData } = data
  if (headline.from === 'line data') {
    return headline.why
      ? `> [!NOTE]\n> Totals are recomputed from the reports' line data: ${headline.why}. Each report's own total is listed under "report${data.reports.length === 1 ? '' : 's'} read".`
      : ''
  }
  const { totals } = headline
  const same =
    totals.linesCovered === lineData.linesCovered &&
    totals.linesTotal === lineData.linesTotal &&
    totals.branchesCovered === lineData.branchesCovered &&
    totals.branchesTotal === lineData.branchesTotal
  if (same) return ''
  const report = data.reports[0]
  return `> [!NOTE]\n> Totals are the report's own (${report?.format ?? ''}: ${report?.stated?.where ?? ''}), as the tool that wrote it counts. Its line data gives ${ofTally('lines', { covered: lineData.linesCovered, total: lineData.linesTotal })} and ${ofTally('branches', { covered: lineData.branchesCovered, total: lineData.branchesTotal })}: the tool counts lines and branches its per-line records cannot show. Files and changed lines are counted from the line data.`
}

export function renderSummary(data: SummaryData): string {
  const { verdict } = data
  const totals = data.headline.totals
  const failedFirst = [...verdict.rules].sort((a, b) => Number(a.passed) - Number(b.passed))
  const parts: string[] = [
    `## ${verdictIcon(verdict.passed)} coverage-gate: ${show(verdict.linePct)} of lines covered`,
    table(
      ['', 'covered', 'total', 'coverage'],
      [
        ['lines', totals.linesCovered, totals.linesTotal, show(verdict.linePct)],
        [
          'branches',
          totals.branchesCovered,
          totals.branchesTotal,
          verdict.branchPct === undefined ? 'no data' : show(verdict.branchPct),
        ],
        ...(verdict.patchPct === undefined ? [] : [['changed lines', '', '', show(verdict.patchPct)] as const]),
        ...(verdict.deltaPts === undefined ? [] : [['change vs baseline', '', '', points(verdict.deltaPts)] as const]),
      ],
    ),
  ]
  parts.push(headlineNote(data))
  if (failedFirst.length > 0) {
    parts.push(
      table(
        ['rule', 'limit', 'measured', 'result', 'detail'],
        failedFirst.map((rule) => [
          { markdown: `\`${rule.rule}\`` },
          rule.rule === 'max-drop'
            ? `≤ ${rule.limit} pts`
            : rule.rule === 'max-unmatched'
              ? `≤ ${rule.limit}%`
              : `≥ ${rule.limit}%`,
          rule.actual === undefined
            ? ''
            : rule.rule === 'max-drop'
              ? `${(Math.round(rule.actual * 100) / 100).toFixed(2)} pts`
              : show(rule.actual),
          { markdown: verdictIcon(rule.passed) },
          rule.detail,
        ]),
      ),
    )
  }
  if (data.components) parts.push(componentsTable(data.components))
  const changed = data.patchFiles
  if (changed && changed.length > 0) {
    const least = [...changed].sort((a, b) => pct(a.covered, a.total) - pct(b.covered, b.total)).slice(0, LEAST_COVERED)
    parts.push(
      '### Least-covered changed files',
      table(
        ['file', 'changed lines measured', 'covered', 'coverage'],
        least.map((file) => [file.path, file.total, file.covered, show(pct(file.covered, file.total))]),
      ),
    )
  } else parts.push(leastCoveredFiles(data))
  parts.push(folderChart(data.perFile))
  parts.push(
    details(
      `${data.reports.length} report${data.reports.length === 1 ? '' : 's'} read`,
      table(
        ['report', 'format', 'files', 'its own total', 'notes'],
        data.reports.map((report) => [
          report.file,
          report.format,
          report.files.length,
          ownTotal(report.stated),
          (report.warnings ?? []).join('; '),
        ]),
      ),
    ),
  )
  const leftOut = data.unmatched.reduce((sum, entry) => sum + entry.lines, 0)
  if (leftOut > 0) {
    const share = (leftOut / Math.max(1, data.reported.lines)) * 100
    const own = (data.reported.linesCovered / Math.max(1, data.reported.lines)) * 100
    parts.splice(
      2,
      0,
      `> [!NOTE]\n> Left out: ${data.unmatched.length} files, ${leftOut} lines (${share.toFixed(2)}% of the reports' lines) match no file of the repository and are not counted. Counting them, the reports say ${data.reported.linesCovered} of ${data.reported.lines} lines (${own.toFixed(2)}%).`,
    )
  }
  if (data.unmatched.length > 0) {
    const shown = boundedList(
      data.unmatched,
      MAX_UNMATCHED_SHOWN,
      (entry) => `${escapeMarkdown(entry.path)} (in ${escapeMarkdown(entry.report)})`,
    )
    parts.push(
      details(
        `⚠️ ${data.unmatched.length} report paths match no file in the repository (not counted; fix with path-fixes)`,
        shown,
      ),
    )
  }
  return `${parts.filter(Boolean).join('\n\n')}\n`
}
