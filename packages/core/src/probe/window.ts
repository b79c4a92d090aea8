import type { Dispatcher } from 'undici'
import { judgeOutcome, needsBody, type HealthCriteria } from './criteria.js'
import { HdrHistogram } from './hdr-histogram.js'
import { probe, type ProbeOutcome } from './http.js'
import { MICROS, round, summarize, UrlRecorder } from './window-recorder.js'
import type { WindowOptions, WindowResult } from './window-types.js'

export type { ClientLag, LatencySummary, SecondSample, UrlWindow, WindowOptions, WindowResult } from './window-types.js'

const LATE_MS = 10
/** More than this share of late sends means the client fell behind. */
const LATE_SHARE = 0.01

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
    recorder.finished(second, performance.now() - start - dueMs, failureOf(outcome, options.criteria), keepSamples)
  }

  // A slot is one send time: every URL at once per tick, or (stagger) one URL per slot.
  const keepSamples = options.keepSamples ?? false
  const perTick = options.stagger ? recorders.length : 1
  const slotMs = intervalMs / perTick
  const slots = perUrl * perTick
  const fire = (slot: number) => {
    const dueMs = slot * slotMs
    const lagMs = performance.now() - start - dueMs
    const second = Math.floor(dueMs / 1000)
    for (const recorder of options.stagger ? [recorders[slot % perTick]] : recorders) {
      if (!recorder) continue
      lag.record(Math.max(0, lagMs) * MICROS)
      if (lagMs > LATE_MS) late += 1
      recorder.scheduled(second)
      const pending = send(recorder, dueMs, second).then(() => {
        inFlight.delete(pending)
        recorder.flush(Math.floor((k * slotMs) / 1000))
      })
      inFlight.add(pending)
    }
  }

  let k = 0
  while (k < slots && !options.signal?.aborted) {
    // Everything due by now goes out in this turn of the event loop, then the loop yields so
    // answers are read; timers are coarse (~1 ms), the schedule is not.
    const nowMs = performance.now() - start
    while (k < slots && k * slotMs <= nowMs) fire(k++)
    const waitMs = k * slotMs - (performance.now() - start)
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
    aborted: k < slots,
    perUrl: recorders.map((r) => ({
      url: r.url.href,
      requests: r.requests,
      failures: r.failures,
      failuresByCause: r.failuresByCause,
      retried: r.retried,
      latency: summarize(r.histogram),
      rps: round(r.requests / elapsedS),
      series: r.series,
      ...(keepSamples ? { samples: r.samples } : {}),
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
