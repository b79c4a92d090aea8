import { describe, expect, it } from '@jest/globals'
import type { HealthReport } from '@shipgate/core/probe'
import { judgeHealthReport } from './evidence.js'
import { judgeWindow } from './watch.js'

const limits = { maxErrorRatePct: 5, maxP95Ms: 2000 }

function report(healthy: boolean, errorRatePct: number, p95Ms: number | undefined, reason = 'r'): HealthReport {
  const window = p95Ms === undefined ? undefined : ({ total: { latency: { p95Ms } } } as HealthReport['window'])
  return {
    kind: 'shipgate/health-report',
    version: 1,
    healthy,
    reason,
    startedAt: '',
    finishedAt: '',
    urls: [],
    readiness: [],
    attempts: 1,
    window,
    checks: [],
    errorRatePct,
  }
}

describe('judgeHealthReport: does a health-check report fire the rollback', () => {
  it.each<[string, HealthReport, boolean, string]>([
    ['an error rate over the limit fires', report(false, 20, 30), true, 'error rate 20% > 5%'],
    ['a p95 over the limit fires', report(true, 0, 2500), true, 'p95 2500 ms > 2000 ms'],
    ['both over fire together', report(false, 6, 2100), true, 'error rate 6% > 5%; p95 2100 ms > 2000 ms'],
    [
      'an unhealthy report fires with its own reason',
      report(false, 0, undefined, 'not ready'),
      true,
      'the health check failed: not ready',
    ],
    [
      'the limit itself does not fire',
      report(true, 5, 2000),
      false,
      'the health report is healthy: error rate 5% ≤ 5%, p95 2000 ms ≤ 2000 ms',
    ],
  ])('%s', (_, health, fired, reason) => {
    expect(judgeHealthReport(health, limits)).toMatchObject({ fired, reason, source: 'health-report' })
  })
})

describe('judgeWindow: does the last few seconds of live traffic fire the rollback', () => {
  const second = (requests: number, failures: number, latencyMs = 5) => ({
    requests,
    failures,
    latenciesMs: Array.from({ length: requests }, () => latencyMs),
  })
  it.each<[string, ReturnType<typeof second>[], string[]]>([
    ['fewer than 10 answers never fire', [second(5, 5)], []],
    ['20% errors fire', [second(10, 0), second(10, 4)], ['error rate 20% > 5% over the last 2s']],
    ['a slow window fires on its p95', [second(20, 0, 2500)], ['p95 2500 ms > 2000 ms over the last 1s']],
    ['a healthy window stays', [second(50, 1), second(50, 1)], []],
  ])('%s', (_, seconds, fired) => {
    expect(judgeWindow(seconds, limits).fired).toEqual(fired)
  })
})
