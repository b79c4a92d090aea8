// Metrics analysis end to end: the committed bundles of blue-green-deploy and rollback judge the
// example service (its prom-client /metrics) through a real Prometheus scraping both colors every
// second, behind a real nginx. The probes are made lenient here so that what decides is the metric.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { blueGreenEnv, type BlueGreenEnv } from './harness/blue-green-env.js'
import { underLoad } from './harness/load.js'
import { startPrometheus, type Prometheus } from './harness/prometheus.js'
import { runAction } from './harness/run-action.js'

let bg: BlueGreenEnv
let prometheus: Prometheus
let runDir: string
beforeEach(async () => {
  bg = await blueGreenEnv({ exampleService: true })
  runDir = bg.runDir
  prometheus = await startPrometheus([new URL(bg.urls.blue).host, new URL(bg.urls.green).host])
})
afterEach(async () => {
  await prometheus.stop()
  await bg.close()
})

// The seed's rules (error rate over 5 %, p95 over 2 s), over 5 s windows for a test's short life.
const ERROR_RATE = {
  name: 'error-rate',
  query:
    '(sum(rate(http_requests_total{version="{version}",code=~"5.."}[5s])) or vector(0)) / sum(rate(http_requests_total{version="{version}"}[5s]))',
  max: 0.05,
}
const P95 = (max: number) => ({
  name: 'p95',
  query: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{version="{version}"}[5s])))',
  max,
})
const yaml = (checks: Array<{ name: string; query: string; max: number }>) =>
  checks.map((check) => `- name: ${check.name}\n  query: '${check.query}'\n  max: ${check.max}`).join('\n')

/** A version's misbehaviour, read by examples/deploy/start.sh when it starts that version. */
const behave = (version: string, env: Record<string, string>) =>
  writeFileSync(
    join(runDir, `${version}.env`),
    Object.entries(env)
      .map(([key, value]) => `${key}=${value}\n`)
      .join(''),
  )

function deploy(version: string, extra: Record<string, string> = {}) {
  return runAction('blue-green-deploy', {
    inputs: {
      ...bg.inputs,
      duration: '4s',
      rate: '20',
      'max-error-rate': '50%',
      'max-p95': '10s',
      version,
      ...extra,
    },
    env: bg.env,
    timeoutMs: 120_000,
  })
}
const withMetrics = (checks: string, extra: Record<string, string> = {}) => ({
  'prometheus-url': prometheus.url,
  metrics: checks,
  'metrics-interval': '1s',
  ...extra,
})
const evaluations = (run: Awaited<ReturnType<typeof deploy>>, check: string) =>
  run.main.stdout.split('\n').filter((line) => line.includes(`metric ${check} at `))

describe('blue-green-deploy judged by Prometheus metrics', () => {
  it('a healthy version passes every evaluation; the summary shows them', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const second = await deploy('v2', withMetrics(yaml([ERROR_RATE, P95(2)])))
    expect(second.main.errors).toEqual([])
    expect(second.main.outputs).toMatchObject({ phase: 'complete', version: 'v2' })
    expect(evaluations(second, 'error-rate').length).toBeGreaterThanOrEqual(3)
    expect(second.main.summary).toContain('Metrics analysis: pass')
    expect(second.main.summary).toContain('xychart-beta')
  }, 120_000)

  it('a version failing 20% of real requests is rolled back by the error-rate check at its first evaluation', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    // Fine through its own verification, then one request in five fails: real users find it.
    behave('v2', { FAIL_RATE: '0.2', FAIL_AFTER_REQUESTS: '100' })
    const [second] = await underLoad(`${bg.nginx.url}/health`, 50, () =>
      deploy('v2', { ...withMetrics(yaml([ERROR_RATE])), duration: '10s' }),
    )
    expect(second.main.exitCode).toBe(1)
    expect(second.main.outputs).toMatchObject({ 'rolled-back': 'true', version: 'v1' })
    expect(second.main.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /metric check error-rate failed: 0\.\d+ is outside ≤ 0\.05.*traffic is back on blue \(v1\)/,
      ),
    ])
    expect(evaluations(second, 'error-rate').length).toBeLessThanOrEqual(2)
    expect(await bg.publicVersion()).toBe('v1')
  }, 120_000)

  it('a slow version is rolled back by a histogram_quantile p95 check', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    behave('v2', { LATENCY_MS: '300' })
    const second = await deploy('v2', withMetrics(yaml([P95(0.25)])))
    expect(second.main.outputs).toMatchObject({ 'rolled-back': 'true', version: 'v1' })
    expect(second.main.errors[0]?.message).toMatch(/metric check p95 failed: 0\.\d+ is outside ≤ 0\.25/)
  }, 120_000)

  it('no data is inconclusive: never promoted on no evidence, rolled back', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const checks = yaml([{ name: 'ghost', query: 'sum(rate(no_such_metric_total{version="{version}"}[5s]))', max: 1 }])
    const second = await deploy('v2', withMetrics(checks))
    expect(second.main.outputs).toMatchObject({ 'rolled-back': 'true', version: 'v1' })
    expect(second.main.errors[0]?.message).toMatch(
      /no data for metric check ghost in \d+s: no evidence that the version is good/,
    )
    expect(second.main.summary).toContain('Metrics analysis: inconclusive')
  }, 120_000)

  it.each([
    [
      'Prometheus is down',
      { 'prometheus-url': 'http://127.0.0.1:1' },
      yaml([ERROR_RATE]),
      /^v2 failed verification after the switch \(Metric check error-rate: Prometheus at http:\/\/127\.0\.0\.1:1\/ did not answer \(ECONNREFUSED\)\)/,
    ],
    [
      'a query Prometheus refuses',
      {},
      yaml([{ name: 'broken', query: 'sum(rate(', max: 1 }]),
      /Metric check broken: Prometheus refused the query \(bad_data: .*\): sum\(rate\(/,
    ],
  ])(
    '%s: one clear error naming the check, rolled back',
    async (_name, extra, checks, expected) => {
      expect((await deploy('v1')).main.exitCode).toBe(0)
      const second = await deploy('v2', { ...withMetrics(checks), ...extra })
      expect(second.main.exitCode).toBe(1)
      expect(second.main.errors).toHaveLength(1)
      expect(second.main.errors[0]?.message).toMatch(expected)
      expect(second.main.outputs).toMatchObject({ 'rolled-back': 'true', version: 'v1' })
      expect(second.main.stdout).not.toMatch(/\n\s+at /)
      expect(await bg.publicVersion()).toBe('v1')
    },
    120_000,
  )

  it('refuses a metrics block without prometheus-url, naming the input', async () => {
    const run = await deploy('v1', { metrics: yaml([ERROR_RATE]) })
    expect(run.main.errors.map((e) => e.message)).toEqual([
      "Input 'prometheus-url' is required: expected the base URL of the Prometheus HTTP API, because metrics is set",
    ])
  }, 60_000)
})

describe("rollback's watch judged by Prometheus metrics", () => {
  it('no data warns and does not fire', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const watched = await runAction('rollback', {
      inputs: {
        ...bg.inputsFor('rollback'),
        when: 'triggered',
        watch: '3s',
        ...withMetrics(
          yaml([{ name: 'ghost', query: 'sum(rate(no_such_metric_total{version="{version}"}[5s]))', max: 1 }]),
        ),
      },
      env: bg.env,
      timeoutMs: 60_000,
    })
    expect(watched.main.exitCode).toBe(0)
    expect(watched.main.outputs['rolled-back']).toBe('false')
    expect(watched.main.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /^Metrics: no data for metric check ghost in \d+s: no evidence that the version is good; the watch does not fire on no data$/,
      ),
    ])
  }, 90_000)

  it('fires on the error-rate check and says which check, which value, which limit', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    behave('v2', { FAIL_RATE: '0.2' })
    expect((await deploy('v2')).main.exitCode).toBe(0) // the lenient probe lets it through
    const [watched] = await underLoad(`${bg.nginx.url}/health`, 50, () =>
      runAction('rollback', {
        inputs: {
          ...bg.inputsFor('rollback'),
          when: 'triggered',
          watch: '20s',
          'max-error-rate': '50%',
          ...withMetrics(yaml([ERROR_RATE])),
        },
        env: bg.env,
        timeoutMs: 120_000,
      }),
    )
    expect(watched.main.errors).toEqual([])
    expect(watched.main.outputs).toMatchObject({ 'rolled-back': 'true', 'restored-version': 'v1' })
    expect(watched.main.outputs.reason).toMatch(/^metric check error-rate failed: 0\.\d+ is outside ≤ 0\.05$/)
    expect(watched.main.summary).toContain('Metrics analysis: fail')
    expect(await bg.publicVersion()).toBe('v1')
  }, 120_000)
})
