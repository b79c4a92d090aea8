// health-check through its committed bundle, against real local HTTP services.
import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import type { HealthReport } from '@shipgate/core/probe'
import { runAction } from './harness/run-action.js'
import { startService, type Behaviour, type TestService } from './harness/test-service.js'

const services: TestService[] = []
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.close()))
})

async function service(behaviour: Behaviour = {}): Promise<TestService> {
  const started = await startService(behaviour)
  services.push(started)
  return started
}

function reportOf(outputs: Record<string, string>): HealthReport {
  return JSON.parse(readFileSync(outputs['report-json'] ?? '', 'utf8')) as HealthReport
}

describe('health-check readiness', () => {
  it('passes once a service that comes up after 2 s answers healthy', async () => {
    const app = await service({ startAfterMs: 2000 })
    const started = Date.now()
    const { main } = await runAction('health-check', {
      inputs: { url: `${app.url}/health`, interval: '500ms', deadline: '20s', 'consecutive-successes': '2' },
    })
    expect(main.exitCode).toBe(0)
    expect(main.errors).toEqual([])
    expect(main.outputs).toMatchObject({ healthy: 'true', requests: '', p95: '', 'error-rate': '' })
    expect(Number(main.outputs.attempts)).toBeGreaterThanOrEqual(5)
    expect(Date.now() - started).toBeGreaterThan(2000)
    expect(main.stdout).toMatch(/attempt 1: no answer in \d+ ms, not-up: ECONNREFUSED/)
    const report = reportOf(main.outputs)
    expect(report.readiness[0]?.readyAfterMs).toBeGreaterThan(2000)
    expect(main.summary).toContain('health-check: healthy')
  })

  it('fails at the deadline, saying the service never came up', async () => {
    const app = await service({ startAfterMs: 60_000 })
    const started = Date.now()
    const { main } = await runAction('health-check', {
      inputs: { url: `${app.url}/health`, interval: '500ms', deadline: '2s' },
    })
    const elapsedMs = Date.now() - started
    expect(main.exitCode).toBe(1)
    expect(main.errors).toHaveLength(1)
    expect(main.errors[0]?.message).toMatch(
      /^Not healthy: http:\/\/127\.0\.0\.1:\d+\/health was not healthy within 2s after [45] attempts: not up yet \(ECONNREFUSED\)$/,
    )
    expect(elapsedMs).toBeLessThan(6000)
    expect(main.outputs.healthy).toBe('false')
  })

  it('fails the JSON check on a 200 that says degraded, and shows the body escaped', async () => {
    const app = await service({
      body: '{"status":"degraded","note":"::add-mask::x </details> <img onerror=alert(1)>"}',
    })
    const { main } = await runAction('health-check', {
      inputs: {
        url: `${app.url}/health`,
        'json-path': '$.status',
        'json-expected': 'ok',
        interval: '300ms',
        deadline: '1s',
      },
    })
    expect(main.exitCode).toBe(1)
    expect(main.errors[0]?.message).toContain('up but wrong ($.status is "degraded", expected "ok")')
    expect(main.masks).toEqual([])
    expect(main.summary).toContain('Last answers judged wrong')
    expect(main.summary).toContain('&quot;status&quot;:&quot;degraded&quot;')
    expect(main.summary).not.toMatch(/<img/)
    expect(main.summary.match(/<\/details>/g)?.length).toBe(1)
  })

  it('does not follow a redirect unless a 3xx is expected', async () => {
    const app = await service({ status: 302, headers: { location: 'https://login.example.com/' } })
    const refused = await runAction('health-check', {
      inputs: { url: app.url, interval: '200ms', deadline: '600ms' },
    })
    expect(refused.main.errors[0]?.message).toContain(
      'up but wrong (HTTP 302 redirect to https://login.example.com/, not followed (expected 200-299))',
    )
    const accepted = await runAction('health-check', { inputs: { url: app.url, 'expected-status': '200-299,302' } })
    expect(accepted.main.exitCode).toBe(0)
  })

  it('sends the method, headers and body given, to every URL', async () => {
    const a = await service()
    const b = await service()
    const { main } = await runAction('health-check', {
      inputs: {
        url: `${a.url}/health\n${b.url}/health/db`,
        method: 'POST',
        headers: 'Authorization: Bearer abc\nX-Probe: shipgate',
        body: '{"ping":true}',
        'body-contains': '"ok"',
      },
    })
    expect(main.exitCode).toBe(0)
    expect(a.received[0]).toMatchObject({ method: 'POST', path: '/health', headers: { 'x-probe': 'shipgate' } })
    expect(b.received[0]).toMatchObject({
      method: 'POST',
      path: '/health/db',
      headers: { authorization: 'Bearer abc' },
    })
  })
})

describe('health-check verification window', () => {
  it('measures 10% injected 500s within ±2 points and fails a 1% limit', async () => {
    const app = await service({ failEvery: 10 })
    const { main } = await runAction('health-check', {
      inputs: { url: `${app.url}/health`, duration: '5s', rate: '40', 'max-error-rate': '1%' },
    })
    expect(main.exitCode).toBe(1)
    expect(Number(main.outputs.requests)).toBe(200)
    expect(Math.abs(Number(main.outputs['error-rate']) - 10)).toBeLessThanOrEqual(2)
    expect(main.errors[0]?.message).toMatch(/error-rate 10(\.\d+)?% > 1%/)
    const report = reportOf(main.outputs)
    expect(report.window?.total.failuresByCause).toEqual({ 'HTTP 500': Number(main.outputs.failures) })
    expect(report.window?.perUrl[0]?.series.length).toBe(5)
    expect(main.summary).toContain('xychart-beta')
    // Colours that read on light and dark themes, and a legend naming each line.
    expect(main.summary).toContain('"plotColorPalette": "#e8590c, #1c7ed6"')
    expect(main.summary).toContain('🟧 p95 (upper line, #e8590c) · 🟦 p50 (lower line, #1c7ed6)')
  })

  it('reports a p95 that matches a known latency mix (90% at 10 ms, 10% at 200 ms)', async () => {
    const app = await service({ latencyMs: [10, 10, 10, 10, 10, 10, 10, 10, 10, 200] })
    const { main } = await runAction('health-check', {
      inputs: { url: `${app.url}/health`, duration: '4s', rate: '50', 'max-p95': '500ms' },
    })
    expect(main.exitCode).toBe(0)
    const p95 = Number(main.outputs.p95)
    const p50 = Number(main.outputs.p50)
    expect(p95).toBeGreaterThanOrEqual(200)
    expect(p95).toBeLessThan(200 * 1.1)
    expect(p50).toBeGreaterThanOrEqual(10)
    expect(p50).toBeLessThan(20)
    expect(Number(main.outputs.rps)).toBeGreaterThan(45)
    const tight = await runAction('health-check', {
      inputs: { url: `${app.url}/health`, duration: '2s', rate: '50', 'max-p95': '100ms' },
    })
    expect(tight.main.exitCode).toBe(1)
    expect(tight.main.errors[0]?.message).toMatch(/p95 2\d\d(\.\d+)? ms > 100 ms/)
  })

  it('fails min-rps when the schedule asks for less than the minimum', async () => {
    const app = await service()
    const { main } = await runAction('health-check', {
      inputs: { url: `${app.url}/health`, duration: '2s', rate: '20', 'min-rps': '100' },
    })
    expect(main.exitCode).toBe(1)
    expect(main.errors[0]?.message).toMatch(/rps \d+(\.\d+)? rps < 100 rps/)
  })

  it('reports without failing when fail is false', async () => {
    const app = await service({ failEvery: 2 })
    const { main } = await runAction('health-check', {
      inputs: { url: `${app.url}/health`, duration: '1s', rate: '20', fail: 'false' },
    })
    expect(main.exitCode).toBe(0)
    expect(main.outputs.healthy).toBe('false')
    expect(main.warnings[0]?.message).toMatch(/^Not healthy \(fail is false/)
  })
})
