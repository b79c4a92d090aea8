import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startService, type TestService } from '../../../../tests/harness/test-service.js'
import { createDispatcher } from './http.js'
import { runWindow, type SecondSample } from './window.js'

let app: TestService
beforeAll(async () => {
  app = await startService({ latencyMs: [5] })
})
afterAll(async () => {
  await app.close()
})

const request = { method: 'GET', headers: {}, body: undefined, timeoutMs: 2000 }
const criteria = { expectedStatus: [{ min: 200, max: 299 }] }

describe('runWindow', () => {
  // Whether the client kept its schedule depends on the machine's load: `pnpm bench probe` measures it.
  it('sends every request of the schedule and reports each second in order as it completes', async () => {
    const seconds: SecondSample[] = []
    const dispatcher = createDispatcher()
    const result = await runWindow(dispatcher, [new URL(`${app.url}/a`)], {
      ratePerSecond: 100,
      durationMs: 3000,
      request,
      criteria,
      onSecond: (sample) => seconds.push(sample),
    })
    await dispatcher.close()
    expect(result.total.requests).toBe(300)
    expect(seconds.map((s) => [s.second, s.requests])).toEqual([
      [0, 100],
      [1, 100],
      [2, 100],
    ])
    expect(result.total.latency.p50Ms).toBeGreaterThanOrEqual(5)
  })

  it('stops early when aborted and says so', async () => {
    const dispatcher = createDispatcher()
    const result = await runWindow(dispatcher, [new URL(app.url)], {
      ratePerSecond: 50,
      durationMs: 10_000,
      request,
      criteria,
      signal: AbortSignal.timeout(500),
    })
    await dispatcher.close()
    expect(result.aborted).toBe(true)
    expect(result.total.requests).toBeLessThan(50)
  })

  it('counts a refused connection as a failure by cause', async () => {
    const dispatcher = createDispatcher()
    const closed = await startService()
    await closed.close()
    const result = await runWindow(dispatcher, [new URL(closed.url)], {
      ratePerSecond: 20,
      durationMs: 500,
      request,
      criteria,
    })
    await dispatcher.close()
    expect(result.total.failuresByCause).toEqual({ refused: 10 })
  })

  it('staggered, two URLs take turns: each gets the rate, their requests alternate, samples are kept', async () => {
    const dispatcher = createDispatcher()
    const before = app.received.length
    const result = await runWindow(dispatcher, [new URL(`${app.url}/one`), new URL(`${app.url}/two`)], {
      ratePerSecond: 50,
      durationMs: 1000,
      request,
      criteria,
      stagger: true,
      keepSamples: true,
    })
    await dispatcher.close()
    expect(result.perUrl.map((url) => url.requests)).toEqual([50, 50])
    expect(result.perUrl.map((url) => url.samples?.length)).toEqual([50, 50])
    expect(Math.min(...(result.perUrl[0]?.samples ?? []))).toBeGreaterThanOrEqual(5)
    // Sent one, then the other: the paths arrive alternating.
    const paths = app.received.slice(before).map((entry) => entry.path)
    const switches = paths.slice(1).filter((path, i) => path !== paths[i]).length
    expect(switches).toBeGreaterThan(90)
  })
})
