import type { Dispatcher } from 'undici'
import { judgeOutcome, needsBody, type HealthCriteria } from './criteria.js'
import { HdrHistogram } from './hdr-histogram.js'
import { probe, type ProbeOutcome, type ProbeRequest } from './http.js'

export interface WindowOptions {
  ratePerSecond: number
  durationMs: number
  request: ProbeRequest
  criteria: HealthCriteria
  signal?: AbortSignal
  /**
   * Called as each second of the schedule completes, per URL, in order, with that second's
   * latencies sorted (not kept anywhere): rollback's watch pools them over a sliding window.
   */
  onSecond?: (sample: SecondSample, latenciesMs: readonly number[]) => void
}

export interface SecondSample {
  url: string
  /** 0-based second of the schedule the requests were due in. */
  second: number
  requests: number
  failures: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
}

export interface LatencySummary {
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
  meanMs: number
}

export interface UrlWindow {
  url: string
  requests: number
  failures: number
  failuresByCause: Record<string, number>
  /** Requests that died on a reused keep-alive connection before any answer and were sent once more. */
  retried: number
  latency: LatencySummary
  rps: number
  series: SecondSample[]
}

export interface ClientLag {
  /** Requests sent more than LATE_MS after their scheduled time. */
  late: number
  maxLagMs: number
  p99LagMs: number
  /** True when the client, not the server, could not keep the schedule: the numbers overstate latency. */
  behind: boolean
}

export interface WindowResult {
  durationMs: number
  ratePerSecond: number
  perUrl: UrlWindow[]
  total: Omit<UrlWindow, 'url' | 'series'>
  client: ClientLag
  aborted: boolean
}

/** A send later than this counts as the client falling behind its schedule. */
const LATE_MS = 10
/** More than this share of late sends means the client fell behind. */
const LATE_SHARE = 0.01
const MICROS = 1000

interface SecondBucket {
  scheduled: number
  done: number
  failures: number
  latenciesMs: number[]
}

class UrlRecorder {
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

  finished(second: number, latencyMs: number, failure: string | undefined): void {
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

const round = (value: number) => Math.round(value * 100) / 100

function summarize(histogram: HdrHistogram): LatencySummary {
  const ms = (micros: number) => round(micros / MICROS)
  return {
    p50Ms: ms(histogram.percentile(50)),
    p95Ms: ms(histogram.percentile(95)),
    p99Ms: ms(histogram.percentile(99)),
    maxMs: ms(histogram.max),
    meanMs: ms(histogram.mean),
  }
}

function failureOf(outcome: ProbeOutcome, criteria: HealthCriteria): string | undefined {
  if (outcome.status === undefined) return outcome.error?.cause ?? 'other'
  const verdict = judgeOutcome(outcome, criteria)
  if (verdict.healthy) return undefined
  if (verdict.otherVersion !== undefined) return 'other version'
  return verdict.reason.startsWith('HTTP ') ? `HTTP ${outcome.status}` : 'body'
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Sends `ratePerSecond` requests per URL for `durationMs`, open-loop: request k is due at
 * k / rate seconds whatever happened to earlier ones, and its latency is measured from that due
 * time, so a server that stalls is charged for the requests it delayed (no coordinated omission).
 * How late the client itself sent each request is tracked apart, so a slow client is reported as
 * such instead of being blamed on the server.
 */
export async function runWindow(
  dispatcher: Dispatcher,
  urls: readonly URL[],
  options: WindowOptions,
): Promise<WindowResult> {
  const recorders = urls.map((url) => new UrlRecorder(url, options.onSecond))
  const perUrl = Math.floor((options.ratePerSecond * options.durationMs) / 1000)
  const intervalMs = 1000 / options.ratePerSecond
  const readBody = needsBody(options.criteria)
  const lag = new HdrHistogram()
  let late = 0
  const inFlight = new Set<Promise<void>>()
  const start = performance.now()

  const send = async (recorder: UrlRecorder, dueMs: number, second: number): Promise<void> => {
    let outcome = await probe(dispatcher, recorder.url, options.request, readBody)
    // A keep-alive connection the server closed while idle dies before any answer: send once more.
    if (outcome.error?.cause === 'reset') {
      recorder.retried += 1
      outcome = await probe(dispatcher, recorder.url, options.request, readBody)
    }
    recorder.finished(second, performance.now() - start - dueMs, failureOf(outcome, options.criteria))
  }

  const fire = (dueMs: number) => {
    const lagMs = performance.now() - start - dueMs
    const second = Math.floor(dueMs / 1000)
    for (const recorder of recorders) {
      lag.record(Math.max(0, lagMs) * MICROS)
      if (lagMs > LATE_MS) late += 1
      recorder.scheduled(second)
      const pending = send(recorder, dueMs, second).then(() => {
        inFlight.delete(pending)
        recorder.flush(Math.floor((k * intervalMs) / 1000))
      })
      inFlight.add(pending)
    }
  }

  let k = 0
  while (k < perUrl && !options.signal?.aborted) {
    // Everything due by now goes out in this turn of the event loop, then the loop yields so
    // answers are read; timers are coarse (~1 ms), the schedule is not.
    const nowMs = performance.now() - start
    while (k < perUrl && k * intervalMs <= nowMs) fire(k++ * intervalMs)
    const waitMs = k * intervalMs - (performance.now() - start)
    await (waitMs >= 1 ? sleep(waitMs) : new Promise<void>((resolve) => setImmediate(resolve)))
  }
  await Promise.all(inFlight)
  for (const recorder of recorders) recorder.flush(Number.POSITIVE_INFINITY, true)

  const elapsedS = Math.max(options.durationMs, performance.now() - start) / 1000
  const total = new HdrHistogram()
  const causes: Record<string, number> = {}
  for (const recorder of recorders) {
    total.add(recorder.histogram)
    for (const [cause, count] of Object.entries(recorder.failuresByCause)) causes[cause] = (causes[cause] ?? 0) + count
  }
  const sum = (pick: (r: UrlRecorder) => number) => recorders.reduce((acc, r) => acc + pick(r), 0)
  const sent = sum((r) => r.requests)
  return {
    durationMs: options.durationMs,
    ratePerSecond: options.ratePerSecond,
    aborted: k < perUrl,
    perUrl: recorders.map((r) => ({
      url: r.url.href,
      requests: r.requests,
      failures: r.failures,
      failuresByCause: r.failuresByCause,
      retried: r.retried,
      latency: summarize(r.histogram),
      rps: round(r.requests / elapsedS),
      series: r.series,
    })),
    total: {
      requests: sent,
      failures: sum((r) => r.failures),
      failuresByCause: causes,
      retried: sum((r) => r.retried),
      latency: summarize(total),
      rps: round(sent / elapsedS),
    },
    client: {
      late,
      maxLagMs: round(lag.max / MICROS),
      p99LagMs: round(lag.percentile(99) / MICROS),
      behind: lag.count > 0 && late / lag.count > LATE_SHARE,
    },
  }
}
