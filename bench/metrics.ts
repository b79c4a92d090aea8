// How fast a bad release is caught, by the service's own metrics and by the probe, in one run:
// the committed blue-green-deploy bundle, the example service behind a real nginx, a real
// Prometheus scraping both colors every second, 200 req/s of user traffic. Timed from the first
// failed request users see to traffic back on the previous version.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'undici'
import { ensureSystemPackages } from '../tools/lib/system.js'
import { blueGreenEnv, type BlueGreenEnv } from '../tests/harness/blue-green-env.js'
import { underLoad } from '../tests/harness/load.js'
import { startPrometheus, type Prometheus } from '../tests/harness/prometheus.js'
import { runAction } from '../tests/harness/run-action.js'

const ERROR_RATE = `- name: error-rate
  query: '(sum(rate(http_requests_total{version="{version}",code=~"5.."}[5s])) or vector(0)) / sum(rate(http_requests_total{version="{version}"}[5s]))'
  max: 0.05`

/** On new connections every 10 ms: when users first saw a failure, and when `version` answered after it. */
function watch(url: string) {
  let firstFailureMs: number | undefined
  let backMs: number | undefined
  let running = true
  let expected = ''
  const loop = (async () => {
    while (running) {
      try {
        const response = await request(url, { reset: true, signal: AbortSignal.timeout(1000) })
        await response.body.dump()
        const now = performance.now()
        if (response.statusCode >= 500 && firstFailureMs === undefined) firstFailureMs = now
        if (firstFailureMs !== undefined && backMs === undefined && response.headers['x-version'] === expected)
          backMs = now
      } catch {
        // a refused connection is not what this measures
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()
  return {
    expect: (version: string) => void (expected = version),
    stop: async () => {
      running = false
      await loop
      return firstFailureMs === undefined || backMs === undefined ? undefined : Math.round(backMs - firstFailureMs)
    },
  }
}

async function caught(
  by: 'metric' | 'probe',
): Promise<{ ms: number | undefined; rolledBack: string | undefined; reason: string }> {
  const bg: BlueGreenEnv = await blueGreenEnv({ exampleService: true })
  let prometheus: Prometheus | undefined
  try {
    prometheus = await startPrometheus([new URL(bg.urls.blue).host, new URL(bg.urls.green).host])
    const runDir = bg.runDir
    const deploy = (version: string, extra: Record<string, string>) =>
      runAction('blue-green-deploy', {
        inputs: {
          ...bg.inputs,
          duration: '10s',
          rate: '20',
          version,
          ...extra,
        },
        env: bg.env,
        timeoutMs: 120_000,
      })
    if ((await deploy('v1', { duration: '2s' })).main.exitCode !== 0) throw new Error(`${by}: v1 failed to deploy`)
    // v2 passes its own verification (10 s at 20 req/s), then fails one request in five.
    writeFileSync(join(runDir, 'v2.env'), 'FAIL_RATE=0.2\nFAIL_AFTER_REQUESTS=250\n')
    const watcher = watch(`${bg.nginx.url}/health`)
    watcher.expect('v1')
    const judged: Record<string, string> =
      by === 'metric'
        ? { 'prometheus-url': prometheus.url, metrics: ERROR_RATE, 'metrics-interval': '1s', 'max-error-rate': '50%' }
        : { 'max-error-rate': '5%' }
    const [run] = await underLoad(`${bg.nginx.url}/health`, 200, () => deploy('v2', judged))
    return {
      ms: await watcher.stop(),
      rolledBack: run.main.outputs['rolled-back'],
      reason: run.main.errors[0]?.message ?? '',
    }
  } finally {
    await prometheus?.stop()
    await bg.close()
  }
}

export async function run(): Promise<Record<string, unknown>> {
  ensureSystemPackages('The metrics benchmark', ['nginx', 'prometheus'])
  const metric = await caught('metric')
  const probe = await caught('probe')
  console.log('A release failing 20% of requests after the switch, 200 req/s of user traffic, 10 s window:')
  console.log('| caught by | first failed request -> previous version serves | rolled back | why |')
  console.log('| --- | --- | --- | --- |')
  for (const [name, result] of [
    ['metric (error rate over 5 s, evaluated every 1 s)', metric],
    ['probe (20 req/s window of 10 s, max 5% errors)', probe],
  ] as const) {
    console.log(`| ${name} | ${result.ms} ms | ${result.rolledBack} | ${result.reason.slice(0, 120)} |`)
  }
  return { metric, probe }
}
