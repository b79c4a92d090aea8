import { timelineMarkdown, type DeployState } from '@shipgate/core/deploy'
import { escapeMarkdown, preformatted, table, verdictIcon } from '@shipgate/core/report'
import type { Verdict } from '@shipgate/core/deploy'
import { comparisonMarkdown } from '@shipgate/core/compare'
import { metricsMarkdown } from '@shipgate/core/metrics'

export function renderSummary(verdict: Verdict, state: DeployState, recovered: string | undefined): string {
  const parts = [
    `## ${verdictIcon(verdict.passed)} blue-green-deploy: ${verdict.phase}${verdict.rolledBack ? ' (rolled back)' : ''}`,
    escapeMarkdown(verdict.reason),
  ]
  if (verdict.servingBroken) {
    parts.push(`> [!CAUTION]\n> Traffic is on a version that is now failing: ${escapeMarkdown(verdict.servingBroken)}`)
  }
  for (const note of verdict.notes ?? []) parts.push(`> [!NOTE]\n> ${escapeMarkdown(note)}`)
  if (recovered) parts.push(`> [!WARNING]\n> Recovered an interrupted deploy first: ${escapeMarkdown(recovered)}`)
  parts.push(
    table(
      ['color', 'version', 'serving', 'running', 'last verified'],
      (['blue', 'green'] as const).map((color) => {
        const colorState = state.colors[color]
        return [
          color,
          colorState?.version ?? '',
          { markdown: state.active === color ? '✅ serving' : state.staged === color ? '⏸️ staged' : '' },
          colorState ? String(colorState.running) : '',
          colorState?.verifiedAt ?? '',
        ]
      }),
    ),
  )
  if (state.current?.runId) parts.push(timelineMarkdown(state.current.timeline))
  if (verdict.reports.length > 0) {
    parts.push(
      '### Health',
      table(
        ['checked', 'healthy', 'requests', 'error rate', 'p50', 'p95', 'why'],
        verdict.reports.map(({ label, report }) => [
          label,
          { markdown: verdictIcon(report.healthy) },
          report.window?.total.requests ?? '',
          report.window ? `${Math.round(report.errorRatePct * 100) / 100}%` : '',
          report.window ? `${report.window.total.latency.p50Ms} ms` : '',
          report.window ? `${report.window.total.latency.p95Ms} ms` : '',
          report.reason,
        ]),
      ),
    )
  }
  const migration = verdict.migration
  if (migration) {
    const revisions =
      migration.before || migration.after
        ? ` (revision ${escapeMarkdown(migration.before ?? '?')} → ${escapeMarkdown(migration.after ?? '?')})`
        : ''
    parts.push(
      `### Migration${revisions}\n\n${migration.ok ? 'Ran to the end' : 'Failed'}; its last lines:\n\n${preformatted(migration.tail || '(no output)')}`,
    )
  }
  if (verdict.comparison) parts.push(comparisonMarkdown(verdict.comparison.comparison, verdict.comparison.windows))
  if (verdict.metrics) parts.push(metricsMarkdown(verdict.metrics.checks, verdict.metrics.result))
  return `${parts.filter(Boolean).join('\n\n')}\n`
}
