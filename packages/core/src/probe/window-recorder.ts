// What one URL's requests in a window came to: a latency histogram, failures by cause, and a
// series of per-second samples emitted in order as each second completes.
import { HdrHistogram } from './hdr-histogram.js'
import type { LatencySummary, SecondSample, WindowOptions } from './window-types.js'

export const MICROS = 1000
/** A comparison needs thousands of samples, not millions: memory stays bounded on long windows. */
const MAX_SAMPLES = 100_000

interface SecondBucket {
  scheduled: number
  done: number
  failures: number
  latenciesMs: number[]
}

export class UrlRecorder {
  readonly histogram = new HdrHistogram()
  requests = 0
  failures = 0
  retried = 0
  readonly failuresByCause: Record<string, number> = {}
  readonly series: SecondSample[] = []
  private readonly seconds = new Map<number, SecondBucket>()
  private nextSecond = 0

  constructor(
    readonly url: URL,
    private readonly onSecond?: WindowOptions['onSecond'],
  ) {}

  scheduled(second: number): void {
    const bucket = this.seconds.get(second) ?? { scheduled: 0, done: 0, failures: 0, latenciesMs: [] }
    bucket.scheduled += 1
    this.seconds.set(second, bucket)
  }

  /** With keepSamples: each healthy answer's latency. */
  readonly samples: number[] = []

  finished(second: number, latencyMs: number, failure: string | undefined, keep = false): void {
    if (keep && failure === undefined && this.samples.length < MAX_SAMPLES) this.samples.push(latencyMs)
    this.requests += 1
    this.histogram.record(latencyMs * MICROS)
    const bucket = this.seconds.get(second)
    if (!bucket) return
    bucket.done += 1
    bucket.latenciesMs.push(latencyMs)
    if (failure !== undefined) {
      this.failures += 1
      bucket.failures += 1
      this.failuresByCause[failure] = (this.failuresByCause[failure] ?? 0) + 1
    }
  }

  /** Emits every second, in order, whose requests have all finished; `final` flushes the rest. */
  flush(scheduledThrough: number, final = false): void {
    for (;;) {
      const bucket = this.seconds.get(this.nextSecond)
      const complete = bucket !== undefined && bucket.done === bucket.scheduled && this.nextSecond < scheduledThrough
      if (!bucket || !(complete || final)) return
      const sorted = bucket.latenciesMs.sort((a, b) => a - b)
      const at = (p: number) => round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0)
      const sample: SecondSample = {
        url: this.url.href,
        second: this.nextSecond,
        requests: bucket.done,
        failures: bucket.failures,
        p50Ms: at(50),
        p95Ms: at(95),
        p99Ms: at(99),
        maxMs: at(100),
      }
      this.series.push(sample)
      this.seconds.delete(this.nextSecond)
      this.nextSecond += 1
      this.onSecond?.(sample, sorted)
    }
  }
}

export const round = (value: number) => Math.round(value * 100) / 100

export function summarize(histogram: HdrHistogram): LatencySummary {
  const ms = (micros: number) => round(micros / MICROS)
  return {
    p50Ms: ms(histogram.percentile(50)),
    p95Ms: ms(histogram.percentile(95)),
    p99Ms: ms(histogram.percentile(99)),
    maxMs: ms(histogram.max),
    meanMs: ms(histogram.mean),
  }
}
