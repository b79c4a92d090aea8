import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { handler, route } from './app.js'
import { readConfig } from './config.js'
import { Store } from './store.js'

const config = readConfig({ VERSION: 'v9' })
const servers: Server[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

async function serve(env: NodeJS.ProcessEnv, random?: () => number): Promise<string> {
  const server = createServer(handler(readConfig(env), new Store(':memory:'), random))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('routes', () => {
  it('reports health, the database and the version', () => {
    const store = new Store(':memory:')
    expect(route('GET', '/health', '', config, store)).toEqual({ status: 200, body: { status: 'ok', version: 'v9' } })
    expect(route('GET', '/health/db', '', config, store)).toEqual({
      status: 200,
      body: { status: 'ok', db: 'ok', items: 0, version: 'v9' },
    })
    expect(route('GET', '/version', '', config, store).body).toEqual({ version: 'v9' })
    store.close()
    expect(route('GET', '/health/db', '', config, store)).toMatchObject({ status: 503, body: { status: 'degraded' } })
  })

  it('stores and lists items, refusing bad bodies', () => {
    const store = new Store(':memory:')
    expect(route('POST', '/api/items', '{"name":" tea "}', config, store)).toEqual({
      status: 201,
      body: { id: 1, name: 'tea', note: null },
    })
    expect(route('GET', '/api/items', '', config, store).body).toEqual([{ id: 1, name: 'tea', note: null }])
    expect(route('POST', '/api/items', 'not json', config, store).status).toBe(400)
    expect(route('POST', '/api/items', '{"name":""}', config, store).status).toBe(400)
    expect(route('DELETE', '/api/items', '', config, store).status).toBe(404)
  })

  it('never becomes ready when NEVER_READY is set', () => {
    expect(route('GET', '/health', '', readConfig({ NEVER_READY: 'true' }), new Store(':memory:')).status).toBe(503)
  })
})

describe('the switches over real HTTP', () => {
  it('answers with the version header, and fails or slows down on request', async () => {
    const healthy = await serve({ VERSION: 'v2' })
    const answer = await fetch(`${healthy}/health`)
    expect([answer.status, answer.headers.get('x-version')]).toEqual([200, 'v2'])
    const failing = await serve({ VERSION: 'v3', FAIL_RATE: '0.5' }, () => 0.1)
    expect((await fetch(`${failing}/health`)).status).toBe(500)
    const later = await serve({ FAIL_RATE: '1', FAIL_AFTER_REQUESTS: '1' })
    expect([(await fetch(`${later}/health`)).status, (await fetch(`${later}/health`)).status]).toEqual([200, 500])
    const slow = await serve({ LATENCY_MS: '50' })
    const started = Date.now()
    await fetch(`${slow}/version`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
  })

  it('refuses bad switch values', () => {
    expect(() => readConfig({ FAIL_RATE: '2' })).toThrow(/FAIL_RATE is a share from 0 to 1/)
    expect(() => readConfig({ LATENCY_MS: 'slow' })).toThrow(/LATENCY_MS must be a number/)
  })
})

describe('metrics', () => {
  it('counts requests by route, code, version and color on /metrics, without counting the scrapes', async () => {
    const url = await serve({ VERSION: 'v3', COLOR: 'green', FAIL_RATE: '1', FAIL_AFTER_REQUESTS: '1' }, () => 0)
    await fetch(`${url}/health`)
    await fetch(`${url}/health`)
    await fetch(`${url}/no/such/path`)
    await fetch(`${url}/metrics`)
    const text = await (await fetch(`${url}/metrics`)).text()
    expect(text).toContain('http_requests_total{route="/health",code="200",version="v3",color="green"} 1')
    expect(text).toContain('http_requests_total{route="/health",code="500",version="v3",color="green"} 1')
    expect(text).toContain('http_requests_total{route="other",code="500",version="v3",color="green"} 1')
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="+Inf",version="v3",color="green",route="/health"} 2',
    )
    expect(text).not.toContain('route="/metrics"')
  })
})
