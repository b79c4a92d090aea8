// The probe engine against a real nginx: the largest open-loop rate it sustains within 2 % of its
// schedule, beside wrk (closed-loop, as many requests as it can) on the same target in the same
// run; and its accuracy: p95 measured at 1,000 req/s against a service with a known latency mix.
import { spawnSync } from 'node:child_process'
import { createDispatcher, runWindow, type WindowResult } from '@shipgate/core/probe'
import { startNginx } from '../tests/harness/nginx.js'
import { ensureSystemPackages } from '../tools/lib/system.js'
import { withLatencyService } from './lib/services.js'

const RATES = [1000, 2000, 4000, 5000, 6000, 8000, 10_000, 12_000, 16_000, 20_000, 25_000, 30_000]
const STEP_MS = 4000
const SCHEDULE_TOLERANCE = 0.02
const TARGET_RPS = 5000

async function window(url: URL, rate: number, durationMs: number): Promise<WindowResult> {
  const dispatcher = createDispatcher()
  try {
    return await runWindow(dispatcher, [url], {
      ratePerSecond: rate,
      durationMs,
      request: { method: 'GET', headers: {}, body: undefined, timeoutMs: 5000 },
      criteria: { expectedStatus: [{ min: 200, max: 299 }] },
    })
  } finally {
    await dispatcher.close()
  }
}

function sustained(result: WindowResult): boolean {
  const scheduled = result.ratePerSecond * (result.durationMs / 1000)
  return (
    result.total.failures === 0 &&
    !result.client.behind &&
    Math.abs(result.total.requests - scheduled) <= scheduled * SCHEDULE_TOLERANCE &&
    Math.abs(result.total.rps - result.ratePerSecond) <= result.ratePerSecond * SCHEDULE_TOLERANCE
  )
}

function wrk(url: string): { rps: number; p50Ms: number; p99Ms: number } {
  const run = spawnSync('wrk', ['-t2', '-c32', '-d4s', '--latency', url], { encoding: 'utf8' })
  const ms = (label: string) => {
    const match = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(run.stdout)
    const value = Number(match?.[1])
    return match?.[2] === 'us' ? value / 1000 : match?.[2] === 's' ? value * 1000 : value
  }
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(run.stdout)?.[1]), p50Ms: ms('50'), p99Ms: ms('99') }
}

export async function run(): Promise<Record<string, unknown>> {
  ensureSystemPackages('The probe benchmark')
  if (spawnSync('wrk', ['-v']).error) throw new Error('wrk is not installed: sudo apt-get install -y wrk')
  const nginx = await startNginx(
    'server { listen 127.0.0.1:{port}; keepalive_requests 100000; location / { default_type application/json; return 200 \'{"status":"ok"}\'; } }',
  )
  try {
    const url = new URL(`${nginx.url}/health`)
    await window(url, 500, 1000) // warm up connections and JIT
    const steps = []
    let best: WindowResult | undefined
    for (const rate of RATES) {
      const result = await window(url, rate, STEP_MS)
      const ok = sustained(result)
      steps.push({
        rate,
        achieved: result.total.rps,
        sent: result.total.requests,
        late: result.client.late,
        p50Ms: result.total.latency.p50Ms,
        p99Ms: result.total.latency.p99Ms,
        ok,
      })
      console.log(
        `rate ${rate}/s: achieved ${result.total.rps}/s, ${result.total.failures} failed, ${result.client.late} sent >10 ms late, p50 ${result.total.latency.p50Ms} ms, p99 ${result.total.latency.p99Ms} ms -> ${ok ? 'sustained' : 'NOT sustained'}`,
      )
      if (!ok) break
      best = result
    }
    const peer = wrk(url.href)
    console.log(`wrk -t2 -c32 (closed loop, same nginx): ${peer.rps} req/s, p50 ${peer.p50Ms} ms, p99 ${peer.p99Ms} ms`)
    const bestRate = best?.ratePerSecond ?? 0
    console.log(
      `Largest sustained rate: ${bestRate} req/s = ${(bestRate / TARGET_RPS).toFixed(2)}x the ${TARGET_RPS} target, ${(bestRate / peer.rps).toFixed(2)}x wrk's closed-loop maximum`,
    )

    // 90 % at 20 ms, 10 % at 100 ms: the true p95 is 100 ms.
    const mix = [20, 20, 20, 20, 20, 20, 20, 20, 20, 100]
    const accuracy = await withLatencyService(mix, (serviceUrl) => window(serviceUrl, 1000, 5000))
    const p95 = accuracy.total.latency.p95Ms
    const errorPct = ((p95 - 100) / 100) * 100
    console.log(
      `Accuracy at 1000 req/s (90% 20 ms, 10% 100 ms): p95 ${p95} ms vs 100 ms injected (${errorPct.toFixed(1)}%, target within 5%), p50 ${accuracy.total.latency.p50Ms} ms vs 20 ms, achieved ${accuracy.total.rps}/s`,
    )
    return {
      steps,
      bestRate,
      targetRps: TARGET_RPS,
      wrk: peer,
      accuracy: {
        injectedP95Ms: 100,
        p95Ms: p95,
        errorPct,
        p50Ms: accuracy.total.latency.p50Ms,
        rps: accuracy.total.rps,
      },
    }
  } finally {
    await nginx.stop()
  }
}
