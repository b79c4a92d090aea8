import type { HealthCriteria } from './criteria.js'
import type { ProbeRequest } from './http.js'

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
  /**
   * With several URLs, send to each in turn, evenly spaced within each tick, instead of to all at
   * once: a side-by-side comparison's two colors see the same moments of load, one at a time.
   */
  stagger?: boolean
  /** Keep every healthy answer's latency per URL (`samples`), for a comparison's statistics. */
  keepSamples?: boolean
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
  /** With keepSamples: each healthy answer's latency, ms from its scheduled send (at most 100,000). */
  samples?: number[]
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
