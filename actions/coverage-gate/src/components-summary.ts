// The components table of the summary and the comment: one row per component, the failing ones first,
// bounded so a repository with hundreds of components keeps the comment under its cap.
import { details, escapeMarkdown, table, verdictIcon } from '@shipgate/core/report'
import { boundedList } from './bounded-list.js'
import type { ComponentsMeasured } from './components.js'
import { show } from './rules.js'

/** Rows of the components table: the failing ones always, then as many more as keep the comment short. */
const MAX_COMPONENT_ROWS = 50
const MAX_OUTSIDE_SHOWN = 30

export const points = (value: number) => `${value >= 0 ? '+' : ''}${(Math.round(value * 100) / 100).toFixed(2)} pts`
const shortSha = (commit: string) => (/^[0-9a-f]{40}$/.test(commit) ? commit.slice(0, 7) : commit)

/** One table, components as rows, the failing ones first, then the carried ones. */
export function componentsTable(components: ComponentsMeasured): string {
  const order = { failed: 0, carried: 1, passed: 2 }
  const rows = [...components.results].sort((a, b) => order[a.status] - order[b.status])
  const failed = rows.filter((row) => row.status === 'failed').length
  const carried = rows.filter((row) => row.carriedFrom !== undefined).length
  const shown = rows.slice(0, Math.max(MAX_COMPONENT_ROWS, failed))
  const parts = [
    `### Components (${rows.length}: ${failed} failed${carried > 0 ? `, ${carried} carried forward` : ''})`,
    table(
      ['component', 'files', 'lines', 'branches', 'changed lines', 'Δ', 'result', 'carried from'],
      shown.map((row) => {
        const { verdict, totals } = row
        const failing = verdict.rules.filter((rule) => !rule.passed).map((rule) => rule.rule)
        return [
          row.name,
          row.carriedFrom === undefined ? row.files : '',
          totals.linesTotal > 0 ? show(verdict.linePct) : 'no lines',
          verdict.branchPct === undefined ? '' : show(verdict.branchPct),
          verdict.patchPct === undefined ? '' : show(verdict.patchPct),
          verdict.deltaPts === undefined || row.carriedFrom !== undefined ? '' : points(verdict.deltaPts),
          {
            markdown: `${verdictIcon(row.status !== 'failed')}${failing.length > 0 ? ` ${failing.map((rule) => `\`${rule}\``).join(', ')}` : ''}`,
          },
          row.carriedFrom === undefined ? '' : shortSha(row.carriedFrom),
        ]
      }),
    ),
  ]
  if (rows.length > shown.length) parts.push(`… and ${rows.length - shown.length} more components, all passed.`)
  const reasons = rows.filter((row) => row.status === 'failed' && row.verdict.rules.length === 0)
  for (const row of reasons) parts.push(`- ${escapeMarkdown(row.name)}: ${escapeMarkdown(row.verdict.reason)}`)
  if (carried > 0)
    parts.push(
      "> [!NOTE]\n> A carried component shows the numbers of the commit named, because no report of this run measures its files; the whole-repository numbers above are this run's alone.",
    )
  if (components.outside.length > 0) {
    const listed = boundedList(components.outside, MAX_OUTSIDE_SHOWN, escapeMarkdown)
    parts.push(details(`${components.outside.length} measured files are in no component`, listed))
  }
  return parts.join('\n\n')
}
