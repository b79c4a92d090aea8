// A comparison in the step summary: both sides side by side (samples, error rate, p50/p95/p99),
// the ratios with their intervals and the tests, and a chart of both sides' latency over the window.
import { details, table, verdictIcon } from '../report/markdown.js'
import type { UrlWindow } from '../probe/window.js'
import { escapeMarkdown } from '../text/escape.js'
import type { Comparison } from './compare.js'

const ms = (value: number) => `${Math.round(value * 10) / 10} ms`
const pct = (failures: number, requests: number) =>
  requests === 0 ? '–' : `${Math.round((failures / requests) * 10_000) / 100}%`

/** p95 of each second of both sides; a mermaid line chart. */
function chart(candidate: UrlWindow | undefined, baseline: UrlWindow | undefined, names: [string, string]): string {
  const seconds = Math.min(candidate?.series.length ?? 0, baseline?.series.length ?? 0)
  if (!candidate || !baseline || seconds < 2) return ''
  const line = (side: UrlWindow) =>
    side.series
      .slice(0, seconds)
      .map((second) => second.p95Ms)
      .join(', ')
  const label = (name: string) => name.replace(/[^\w .:/-]/g, '_')
  return [
    '```mermaid',
    'xychart-beta',
    `  title "p95 each second: ${label(names[0])} (first line) and ${label(names[1])}"`,
    `  x-axis "seconds" [${Array.from({ length: seconds }, (_, i) => i + 1).join(', ')}]`,
    '  y-axis "ms"',
    `  line [${line(candidate)}]`,
    `  line [${line(baseline)}]`,
    '```',
  ].join('\n')
}

export function comparisonMarkdown(
  comparison: Comparison,
  windows: { candidate?: UrlWindow; baseline?: UrlWindow },
): string {
  const { candidate, baseline, latency, errors } = comparison
  const icon = comparison.verdict === 'inconclusive' ? '⚠️' : verdictIcon(comparison.verdict === 'pass')
  const quantile = (side: UrlWindow | undefined, name: 'p50Ms' | 'p95Ms' | 'p99Ms') =>
    side ? ms(side.latency[name]) : '–'
  const row = (side: typeof candidate, window: UrlWindow | undefined) => [
    side.name,
    side.samples,
    side.requests,
    pct(side.failures, side.requests),
    quantile(window, 'p50Ms'),
    quantile(window, 'p95Ms'),
    quantile(window, 'p99Ms'),
  ]
  const sides = table(
    ['', 'samples', 'requests', 'error rate', 'p50', 'p95', 'p99'],
    [row(candidate, windows.candidate), row(baseline, windows.baseline)],
  )
  const tests = [
    ...(latency
      ? (['p50', 'p95', 'p99'] as const).map((name) => {
          const q = latency.quantiles[name]
          return [
            `${name} ratio`,
            `${q.ratio.toFixed(2)}× (${ms(q.candidateMs)} vs ${ms(q.baselineMs)}), 95% CI ${q.low.toFixed(2)}–${q.high.toFixed(2)}×`,
            { markdown: verdictIcon(!q.slower) },
          ]
        })
      : []),
    ...(latency
      ? [
          [
            'Mann-Whitney U (candidate slower?)',
            `U = ${latency.rankTest.u}, z = ${latency.rankTest.z.toFixed(2)}, p = ${latency.rankTest.p.toPrecision(3)}`,
            { markdown: '' },
          ],
        ]
      : []),
    ...(errors
      ? [
          [
            'error rate, two-proportion z-test',
            `+${errors.increasePts.toFixed(2)} points, z = ${errors.z.toFixed(2)}, p = ${errors.p.toPrecision(3)}`,
            { markdown: verdictIcon(!errors.worse) },
          ],
        ]
      : []),
  ]
  return [
    `### ${icon} ${escapeMarkdown(candidate.name)} against ${escapeMarkdown(baseline.name)}: ${comparison.verdict}`,
    escapeMarkdown(comparison.reason),
    sides,
    chart(windows.candidate, windows.baseline, [candidate.name, baseline.name]),
    details('The tests', table(['', 'value', ''], tests), comparison.verdict !== 'pass'),
  ]
    .filter(Boolean)
    .join('\n\n')
}
