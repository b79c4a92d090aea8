import { metricsMarkdown } from '@shipgate/core/metrics'
import { timelineMarkdown, type DeployState } from '@shipgate/core/deploy'
import { escapeMarkdown, table, verdictIcon } from '@shipgate/core/report'
import type { Trigger } from './evidence.js'
import type { Verdict } from '@shipgate/core/deploy'

export function renderSummary(decision: Trigger, result: Verdict | undefined, state: DeployState): string {
  const title = result?.rolledBack ? 'rolled back' : result?.passed === false ? 'failed' : 'no rollback'
  const parts = [
    `## ${verdictIcon(result?.passed !== false)} rollback: ${title}`,
    `**Decision** (${decision.source}): ${decision.fired ? 'roll back' : 'stay'} — ${escapeMarkdown(decision.reason)}`,
  ]
  const evidence = Object.entries(decision.evidence)
  if (evidence.length > 0)
    parts.push(
      table(
        ['evidence', 'value'],
        evidence.map(([name, value]) => [name, String(value)]),
      ),
    )
  if (result) parts.push(escapeMarkdown(result.reason))
  for (const note of result?.notes ?? []) parts.push(`> [!NOTE]\n> ${escapeMarkdown(note)}`)
  if (result?.rolledBack || result?.passed === false) parts.push(timelineMarkdown(state.current?.timeline ?? []))
  for (const { label, report } of result?.reports ?? []) {
    parts.push(`- ${verdictIcon(report.healthy)} ${escapeMarkdown(label)}: ${escapeMarkdown(report.reason)}`)
  }
  if (decision.metrics) parts.push(metricsMarkdown(decision.metrics.checks, decision.metrics.result))
  return `${parts.filter(Boolean).join('\n\n')}\n`
}
