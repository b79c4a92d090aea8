// Every evaluation of a metrics analysis in the step summary: a table, and a chart per check of
// its values over the window against its limit.
import { escapeMarkdown } from '../text/escape.js'
import { details, table, verdictIcon } from '../report/markdown.js'
import type { AnalysisResult } from './analysis.js'
import { limitsOfCheck, type MetricCheck } from './checks.js'

function chart(check: MetricCheck, result: AnalysisResult): string {
  const points = result.evaluations.filter(
    (evaluation) => evaluation.check === check.name && evaluation.value !== undefined,
  )
  if (points.length < 2) return ''
  const limit = check.max ?? check.min
  return [
    '```mermaid',
    'xychart-beta',
    // The check name is the user's: only letters, digits and a few marks reach the chart's quotes.
    `  title "${check.name.replace(/[^\w .:/-]/g, '_')}"`,
    `  x-axis "seconds" [${points.map((point) => Math.round(point.atMs / 1000)).join(', ')}]`,
    `  line [${points.map((point) => Number((point.value ?? 0).toPrecision(4))).join(', ')}]`,
    ...(limit === undefined ? [] : [`  line [${points.map(() => limit).join(', ')}]`]),
    '```',
  ].join('\n')
}

export function metricsMarkdown(checks: readonly MetricCheck[], result: AnalysisResult): string {
  const icon = result.verdict === 'pass' ? verdictIcon(true) : result.verdict === 'fail' ? verdictIcon(false) : '⚠️'
  const rows = result.evaluations.map((evaluation) => [
    `${(evaluation.atMs / 1000).toFixed(1)}s`,
    evaluation.check,
    evaluation.value === undefined ? 'no data' : String(Number(evaluation.value.toPrecision(4))),
    limitsOfCheck(checks, evaluation.check),
    { markdown: evaluation.verdict === 'no-data' ? '⚪' : verdictIcon(evaluation.verdict === 'pass') },
  ])
  return [
    `### ${icon} Metrics analysis: ${result.verdict}`,
    escapeMarkdown(result.reason),
    ...checks.map((check) => chart(check, result)).filter(Boolean),
    details(
      `${result.evaluations.length} evaluations`,
      table(['at', 'check', 'value', 'limit', ''], rows),
      result.verdict !== 'pass',
    ),
  ].join('\n\n')
}
