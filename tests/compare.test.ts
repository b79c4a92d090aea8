// The new version against the one it replaces, side by side, through the committed bundles: real
// nginx and two real service processes for blue-green-deploy's direct verification, and real
// services for health-check's baseline-url and baseline-report.
import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { blueGreenEnv, type BlueGreenEnv } from './harness/blue-green-env.js'
import { underLoad } from './harness/load.js'
import { runAction } from './harness/run-action.js'
import { startService, type Behaviour, type TestService } from './harness/test-service.js'

let bg: BlueGreenEnv | undefined
const services: TestService[] = []
afterEach(async () => {
  await bg?.close()
  bg = undefined
  for (const service of services.splice(0)) await service.close()
})

/** Latencies around `medianMs`, spread ±20% in a fixed cycle of 20; `tail` replaces one in 20. */
function spread(medianMs: number, tailMs?: number): number[] {
  return Array.from({ length: 20 }, (_, i) =>
    tailMs !== undefined && i === 7 ? tailMs : medianMs * (0.8 + (0.4 * ((i * 7) % 20)) / 19),
  )
}

// 300 requests to each side: 50/s for 6 s.
const comparison = {
  duration: '6s',
  rate: '50',
  'max-slowdown': '20%',
  'max-error-increase': '1',
  'min-samples': '200',
}

async function deployPair(v1: Behaviour, v2: Behaviour, extra: Record<string, string> = {}) {
  const env = await blueGreenEnv()
  bg = env
  env.setBehaviour('v1', v1)
  env.setBehaviour('v2', v2)
  const deploy = (version: string) =>
    runAction('blue-green-deploy', {
      inputs: { ...env.inputs, ...comparison, ...extra, version },
      env: env.env,
      timeoutMs: 120_000,
    })
  const first = await deploy('v1')
  expect(first.main.errors).toEqual([])
  // The first deploy has nothing to compare with, and says so.
  expect(first.main.stdout).toContain('No comparison: nothing serves yet')
  const includeBefore = readFileSync(env.include, 'utf8')
  const [second, load] = await underLoad(`${env.nginx.url}/health`, 50, () => deploy('v2'))
  return { env, second, load, includeBefore }
}

describe('blue-green-deploy compares the new color with the serving one before the switch', () => {
  it('refuses a v2 40% slower than v1 at the same error rate; v1 keeps serving with 0 failed requests', async () => {
    const { env, second, load, includeBefore } = await deployPair({ latencyMs: spread(50) }, { latencyMs: spread(70) })
    expect(second.main.exitCode).toBe(1)
    expect(second.main.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^v2 on green did not pass verification, so it never received traffic: v2 is 1\.\d\d× slower than v1 at p\d\d \([\d.]+ ms vs [\d.]+ ms, 95% CI 1\.\d\d–1\.\d\d×, p < 0\.001\); max-slowdown is 20%$/,
      ),
    ])
    expect(second.main.outputs).toMatchObject({ phase: 'failed', 'active-color': 'blue', version: 'v1' })
    expect(readFileSync(env.include, 'utf8')).toBe(includeBefore)
    expect(await env.publicVersion()).toBe('v1')
    expect(load.total.failuresByCause).toEqual({})
    // The summary shows both sides, the tests and a chart of both over the window.
    expect(second.main.summary).toMatch(/### ❌ v2 against v1: fail/)
    expect(second.main.summary).toMatch(/\| v2 \| \d+ \| \d+ \| 0% \|/)
    expect(second.main.summary).toContain('Mann-Whitney U')
    expect(second.main.summary).toContain('xychart-beta')
    const report = JSON.parse(readFileSync(second.main.outputs['report-json'] ?? '', 'utf8')) as {
      verdict: { comparison: { comparison: { verdict: string; latency: { rankTest: { p: number } } } } }
    }
    expect(report.verdict.comparison.comparison).toMatchObject({ verdict: 'fail' })
    expect(report.verdict.comparison.comparison.latency.rankTest.p).toBeLessThan(0.001)
  }, 180_000)

  it('passes a v2 identical to v1, and switches', async () => {
    const { env, second } = await deployPair({ latencyMs: spread(50) }, { latencyMs: spread(50) })
    expect(second.main.errors).toEqual([])
    expect(second.main.outputs).toMatchObject({ phase: 'complete', 'active-color': 'green', version: 'v2' })
    expect(second.main.stdout).toMatch(/Beside v1: latency within max-slowdown 20%/)
    expect(await env.publicVersion()).toBe('v2')
  }, 180_000)

  it('refuses a v2 with the same median and a slow 5% tail', async () => {
    const { second } = await deployPair({ latencyMs: spread(50) }, { latencyMs: spread(50, 400) })
    expect(second.main.exitCode).toBe(1)
    expect(second.main.errors[0]?.message).toMatch(/v2 is [\d.]+× slower than v1 at p99 \(40\d(\.\d)? ms vs/)
  }, 180_000)

  it('refuses an error-rate increase of 3 points with max-error-increase 1', async () => {
    // max-error-rate 5% lets 3% through: only the comparison with v1 sees the increase.
    const { second } = await deployPair(
      { latencyMs: spread(50) },
      { latencyMs: spread(50), failEvery: 33 },
      { 'max-error-rate': '5%' },
    )
    expect(second.main.exitCode).toBe(1)
    expect(second.main.errors[0]?.message).toMatch(
      /v2 fails 3\.\d\d% of requests, v1 0\.00% \(\+3\.\d\d points, p = 0\.00\d\); max-error-increase is 1 point$/,
    )
  }, 180_000)

  it('too few samples for the window is one error naming min-samples, before anything runs', async () => {
    const env = await blueGreenEnv()
    bg = env
    const { main } = await runAction('blue-green-deploy', {
      inputs: { ...env.inputs, ...comparison, 'min-samples': '1000', version: 'v1' },
      env: env.env,
    })
    expect(main.exitCode).toBe(1)
    expect(main.errors.map((e) => e.message)).toEqual([
      "Input 'min-samples' is '1000': expected at most the 300 requests the window sends to each side (duration 6s × rate 50/s): raise duration or rate, or lower min-samples",
    ])
  })
})

describe('health-check against a baseline', () => {
  const start = async (behaviour: Behaviour) => {
    const service = await startService(behaviour)
    services.push(service)
    return service
  }
  const check = (inputs: Record<string, string>) =>
    runAction('health-check', { inputs: { duration: '5s', rate: '50', 'min-samples': '200', ...inputs } })

  it('baseline-url: a URL 40% slower than its baseline, probed side by side, is not healthy', async () => {
    const base = await start({ latencyMs: spread(40) })
    const slow = await start({ latencyMs: spread(56) })
    const { main } = await check({ url: slow.url, 'baseline-url': base.url, 'max-slowdown': '20%' })
    expect(main.exitCode).toBe(1)
    expect(main.outputs.healthy).toBe('false')
    expect(main.errors[0]?.message).toMatch(
      /^Not healthy: http:\/\/127\.0\.0\.1:\d+\/ is 1\.\d\d× slower than http:\/\/127\.0\.0\.1:\d+\/ at p\d\d/,
    )
    // Interleaved: each side got its half of every tick.
    expect(slow.received.length).toBeGreaterThanOrEqual(250)
    expect(base.received.length).toBeGreaterThanOrEqual(250)
  }, 60_000)

  it('baseline-report: the same service is healthy against its own earlier report; a slower one is not', async () => {
    const service = await start({ latencyMs: spread(40) })
    const first = await check({ url: service.url })
    expect(first.main.exitCode).toBe(0)
    const baselineReport = first.main.outputs['report-json'] ?? ''
    const again = await check({ url: service.url, 'baseline-report': baselineReport, 'max-slowdown': '20%' })
    expect(again.main.errors).toEqual([])
    expect(again.main.summary).toContain('an earlier run, not the same moments of load')
    const slower = await start({ latencyMs: spread(80) })
    const worse = await check({ url: slower.url, 'baseline-report': baselineReport, 'max-slowdown': '20%' })
    expect(worse.main.exitCode).toBe(1)
    expect(worse.main.errors[0]?.message).toMatch(/slower than baseline-report \(http:\/\/127\.0\.0\.1:\d+\/\)/)
  }, 90_000)

  it.each([
    [
      { 'baseline-url': 'http://127.0.0.1:1/' },
      "Input 'max-slowdown' is required: expected what the comparison with baseline-url allows",
    ],
    [
      { 'max-slowdown': '20%' },
      "Input 'baseline-url' is required: expected the URL to compare with (or baseline-report)",
    ],
    [
      { 'baseline-report': 'nope.json', 'max-slowdown': 'fast' },
      "Input 'max-slowdown' is 'fast': expected a slowdown in percent",
    ],
  ])('bad input %j: one error naming the input', async (inputs, message) => {
    const { main } = await check({ url: 'http://127.0.0.1:1/', ...inputs })
    expect(main.exitCode).toBe(1)
    expect(main.errors).toHaveLength(1)
    expect(main.errors[0]?.message).toContain(message)
  })
})
