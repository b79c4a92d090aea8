import type { HealthReport, SecondSample } from '@shipgate/core/probe'
import { comparisonMarkdown } from '@shipgate/core/compare'
import { preformatted, details, escapeMarkdown, table, truncate, verdictIcon } from '@shipgate/core/report'
import type { ComparedReport } from './compare.js'

const MAX_CHART_POINTS = 60
const ms = (value: number) => `${Math.round(value * 10) / 10} ms`

/** One point per second (the worst URL's), thinned to at most 60 points by taking the worst of each group. */
export function latencySeries(series: readonly SecondSample[]): Array<{ label: number; p50: number; p95: number }> {
  const bySecond = new Map<number, { p50: number; p95: number }>()
  for (const sample of series) {
    const point = bySecond.get(sample.second) ?? { p50: 0, p95: 0 }
    bySecond.set(sample.second, { p50: Math.max(point.p50, sample.p50Ms), p95: Math.max(point.p95, sample.p95Ms) })
  }
  const points = [...bySecond.entries()].sort(([a], [b]) => a - b)
  const group = Math.max(1, Math.ceil(points.length / MAX_CHART_POINTS))
  const thinned: Array<{ label: number; p50: number; p95: number }> = []
  for (let i = 0; i < points.length; i += group) {
    const slice = points.slice(i, i + group)
    thinned.push({
      label: (slice[slice.length - 1]?.[0] ?? 0) + 1,
      p50: Math.max(...slice.map(([, point]) => point.p50)),
      p95: Math.max(...slice.map(([, point]) => point.p95)),
    })
  }
  return thinned
}

const P95_COLOUR = '#e8590c'
const P50_COLOUR = '#1c7ed6'

function chart(report: HealthReport): string {
  const points = latencySeries(report.window?.perUrl.flatMap((url) => url.series) ?? [])
  if (points.length < 2) return ''
  const values = (pick: (p: { p50: number; p95: number }) => number) =>
    points.map((point) => Math.round(pick(point) * 10) / 10).join(', ')
  return [
    '```mermaid',
    // Mermaid's default palette draws the second line in a pale colour that vanishes on white;
    // these two read on GitHub's light and dark themes alike.
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${P95_COLOUR}, ${P50_COLOUR}"}}}}%%`,
    'xychart-beta',
    '  title "Latency over the window, ms"',
    `  x-axis "second" [${points.map((point) => point.label).join(', ')}]`,
    '  y-axis "ms"',
    `  line [${values((point) => point.p95)}]`,
    `  line [${values((point) => point.p50)}]`,
    '```',
    `<sub>🟧 p95 (upper line, ${P95_COLOUR}) · 🟦 p50 (lower line, ${P50_COLOUR}), per second</sub>`,
  ].join('\n')
}

export function renderSummary(report: ComparedReport): string {
  const parts = [
    `## ${verdictIcon(report.healthy)} health-check: ${report.healthy ? 'healthy' : 'not healthy'}`,
    escapeMarkdown(report.reason),
    '### Readiness',
    table(
      ['URL', 'ready', 'after', 'attempts', 'last problem'],
      report.readiness.map((result) => [
        result.url,
        { markdown: verdictIcon(result.ready) },
        result.readyAfterMs === undefined ? '' : ms(result.readyAfterMs),
        result.attempts,
        result.lastFailure ? `${result.lastFailure.kind}: ${result.lastFailure.reason}` : '',
      ]),
    ),
  ]
  const wrongBodies = report.readiness.filter((result) => result.recentBodies.length > 0)
  for (const result of wrongBodies) {
    parts.push(
      details(
        `Last answers judged wrong from ${result.url}`,
        result.recentBodies.map((body) => preformatted(truncate(body, 500))).join('\n\n'),
      ),
    )
  }
  const window = report.window
  if (window) {
    parts.push(
      `### Verification window: ${window.ratePerSecond} req/s per URL for ${window.durationMs / 1000} s, open-loop`,
      table(
        ['URL', 'requests', 'failures', 'error rate', 'p50', 'p95', 'p99', 'max', 'req/s', 'resent'],
        [...window.perUrl, { ...window.total, url: 'all URLs' }].map((row) => [
          row.url,
          row.requests,
          row.failures,
          `${Math.round((row.requests ? (row.failures / row.requests) * 100 : 0) * 100) / 100}%`,
          ms(row.latency.p50Ms),
          ms(row.latency.p95Ms),
          ms(row.latency.p99Ms),
          ms(row.latency.maxMs),
          row.rps,
          row.retried,
        ]),
      ),
      table(
        ['check', 'limit', 'measured', 'result'],
        report.checks.map((check) => [
          check.name,
          `${check.kind === 'max' ? '≤' : '≥'} ${check.limit}${check.unit === '%' ? '%' : ` ${check.unit}`}`,
          `${Math.round(check.actual * 100) / 100}${check.unit === '%' ? '%' : ` ${check.unit}`}`,
          { markdown: verdictIcon(check.passed) },
        ]),
      ),
    )
    const causes = Object.entries(window.total.failuresByCause)
    if (causes.length > 0) {
      parts.push(
        `Failures by cause: ${causes.map(([cause, count]) => `${escapeMarkdown(cause)} × ${count}`).join(', ')}`,
      )
    }
    if (window.client.behind) {
      parts.push(
        `> [!WARNING]\n> The client fell behind its own schedule (${window.client.late} requests sent over 10 ms late, worst ${ms(window.client.maxLagMs)}): the latencies above include that delay and overstate the server's. Lower \`rate\` or run on a larger runner.`,
      )
    }
    parts.push(chart(report))
  }
  if (report.comparison) {
    const { comparison, windows, interleaved, baseline } = report.comparison
    parts.push(comparisonMarkdown(comparison, windows))
    if (!interleaved) {
      parts.push(
        `> [!NOTE]\n> The baseline is ${escapeMarkdown(baseline)}: an earlier run, not the same moments of load. A side-by-side baseline-url controls for the machine; this does not.`,
      )
    }
  }
  return `${parts.filter(Boolean).join('\n\n')}\n`
}
