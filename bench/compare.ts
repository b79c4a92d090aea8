// The side-by-side comparison as the user runs it: health-check's committed bundle with
// baseline-url, both sides real service processes. How often two identical versions are judged
// different (the false-alarm rate, over BENCH_COMPARE_RUNS runs) and how often a 40% slower one
// and a slow 5% tail are caught, with the window and rate used.
import { runAction } from '../tests/harness/run-action.js'
import { withLatencyService } from './lib/services.js'

const RUNS = Number(process.env.BENCH_COMPARE_RUNS ?? 20)
const WINDOW = { duration: '6s', rate: '50' }
const LIMITS = { 'max-slowdown': '20%', 'max-error-increase': '1', 'min-samples': '200', 'max-error-rate': '5%' }

/** Latencies around `medianMs`, ±20% in a cycle of 20; `tailMs` replaces one in 20 (5%). */
function spread(medianMs: number, tailMs?: number): number[] {
  return Array.from({ length: 20 }, (_, i) =>
    tailMs !== undefined && i === 7 ? tailMs : medianMs * (0.8 + (0.4 * ((i * 7) % 20)) / 19),
  )
}

async function rate(name: string, baseline: number[], candidate: number[]) {
  let refused = 0
  const reasons = new Map<string, number>()
  for (let i = 0; i < RUNS; i++) {
    const verdict = await withLatencyService(baseline, (base) =>
      withLatencyService(candidate, async (url) => {
        const { main } = await runAction('health-check', {
          inputs: { url: url.href, 'baseline-url': base.href, ...WINDOW, ...LIMITS },
          timeoutMs: 60_000,
        })
        return main
      }),
    )
    if (verdict.exitCode !== 0) {
      refused += 1
      const why =
        /(slower than .* at p\d\d|fails [\d.]+% of requests)/.exec(verdict.errors[0]?.message ?? '')?.[1] ?? 'other'
      const key = why.replace(/https?:\/\/\S+/g, '<url>').replace(/[\d.]+%/g, 'n%')
      reasons.set(key, (reasons.get(key) ?? 0) + 1)
    }
  }
  const line = `${name}: refused ${refused} of ${RUNS} runs (${Math.round((refused / RUNS) * 100)}%)`
  console.log(line)
  return { refused, runs: RUNS, refusedRate: refused / RUNS, reasons: Object.fromEntries(reasons) }
}

export async function run(): Promise<Record<string, unknown>> {
  console.log(
    `health-check --baseline-url, ${WINDOW.duration} at ${WINDOW.rate} req/s per side, interleaved; ${JSON.stringify(LIMITS)}`,
  )
  const identical = await rate('identical versions (false alarms)', spread(50), spread(50))
  const slower = await rate('40% slower (detections)', spread(50), spread(70))
  const tail = await rate('same median, slow 5% tail at 400 ms (detections)', spread(50), spread(50, 400))
  return { window: WINDOW, limits: LIMITS, falseAlarms: identical, slower, tail }
}
