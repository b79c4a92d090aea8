import type { Dispatcher } from 'undici'
import { judgeOutcome, type HealthCriteria } from './criteria.js'
import { probe, type ProbeRequest } from './http.js'

export interface ReadinessOptions {
  intervalMs: number
  deadlineMs: number
  consecutiveSuccesses: number
  request: ProbeRequest
  criteria: HealthCriteria
  signal?: AbortSignal
  onAttempt?: (attempt: AttemptRecord) => void
}

export interface AttemptRecord {
  url: string
  attempt: number
  atMs: number
  latencyMs: number
  status?: number
  healthy: boolean
  /** Why it was not healthy: `not-up` (waiting may help) or `wrong` (it answers, badly). */
  kind?: 'not-up' | 'wrong'
  reason?: string
}

export interface ReadinessResult {
  url: string
  ready: boolean
  attempts: number
  /** Time from the first probe to the healthy answer that completed the streak. */
  readyAfterMs?: number
  /** `otherVersion`: the answer came from another version than the one expected. */
  lastFailure?: { kind: 'not-up' | 'wrong'; reason: string; otherVersion?: string }
  /** The last few bodies of answers judged wrong, raw: escape before showing. */
  recentBodies: string[]
}

const KEPT_BODIES = 3

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, Math.ceil(ms)))
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })

async function waitForOne(dispatcher: Dispatcher, url: URL, options: ReadinessOptions): Promise<ReadinessResult> {
  const start = performance.now()
  const result: ReadinessResult = { url: url.href, ready: false, attempts: 0, recentBodies: [] }
  let streak = 0
  while (!options.signal?.aborted) {
    const attemptStart = performance.now()
    const remainingMs = options.deadlineMs - (attemptStart - start)
    if (remainingMs <= 0) break
    result.attempts += 1
    // A probe never runs past the deadline, whatever the per-request timeout.
    const request = {
      ...options.request,
      timeoutMs: Math.max(1, Math.ceil(Math.min(options.request.timeoutMs, remainingMs))),
    }
    // Bodies are always read here: a wrong answer's body is the best clue to what is wrong.
    const outcome = await probe(dispatcher, url, request, true)
    const latencyMs = performance.now() - attemptStart
    const verdict = judgeOutcome(outcome, options.criteria)
    options.onAttempt?.({
      url: url.href,
      attempt: result.attempts,
      atMs: attemptStart - start,
      latencyMs,
      status: outcome.status,
      healthy: verdict.healthy,
      ...(verdict.healthy ? {} : { kind: verdict.kind, reason: verdict.reason }),
    })
    if (verdict.healthy) {
      streak += 1
      if (streak >= options.consecutiveSuccesses) {
        result.ready = true
        result.readyAfterMs = performance.now() - start
        return result
      }
    } else {
      streak = 0
      result.lastFailure = {
        kind: verdict.kind,
        reason: verdict.reason,
        ...(verdict.otherVersion === undefined ? {} : { otherVersion: verdict.otherVersion }),
      }
      if (verdict.kind === 'wrong') result.recentBodies = [...result.recentBodies, outcome.body].slice(-KEPT_BODIES)
    }
    const nextAt = attemptStart + options.intervalMs
    if (nextAt - start >= options.deadlineMs) break
    await sleep(nextAt - performance.now(), options.signal)
  }
  return result
}

/** Probes every URL each interval until each has enough healthy answers in a row, or the deadline. */
export async function waitUntilReady(
  dispatcher: Dispatcher,
  urls: readonly URL[],
  options: ReadinessOptions,
): Promise<ReadinessResult[]> {
  return Promise.all(urls.map((url) => waitForOne(dispatcher, url, options)))
}
