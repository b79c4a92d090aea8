import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Config } from './config.js'
import { createMetrics, type Metrics } from './metrics.js'
import type { Store } from './store.js'

export interface Answer {
  status: number
  body: unknown
}

/** The routes, as a function of method, path and body: what the tests exercise directly. */
export function route(method: string, path: string, body: string, config: Config, store: Store): Answer {
  if (path === '/health' || path === '/health/db') {
    if (config.neverReady) return { status: 503, body: { status: 'starting', version: config.version } }
    if (path === '/health') return { status: 200, body: { status: 'ok', version: config.version } }
    try {
      return { status: 200, body: { status: 'ok', db: 'ok', items: store.ping(), version: config.version } }
    } catch (error) {
      return {
        status: 503,
        body: {
          status: 'degraded',
          db: error instanceof Error ? error.message : 'unavailable',
          version: config.version,
        },
      }
    }
  }
  if (path === '/version') return { status: 200, body: { version: config.version } }
  if (path === '/api/items' && method === 'GET') return { status: 200, body: store.list() }
  if (path === '/api/items' && method === 'POST') {
    let fields: { name?: unknown; note?: unknown }
    try {
      fields = JSON.parse(body) as { name?: unknown; note?: unknown }
    } catch {
      return { status: 400, body: { error: 'expected a JSON body like {"name": "…"}' } }
    }
    const { name, note } = fields
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
      return { status: 400, body: { error: 'name must be a non-empty string of at most 200 characters' } }
    }
    if (note !== undefined && (typeof note !== 'string' || note.length > 1000)) {
      return { status: 400, body: { error: 'note, when given, must be a string of at most 1000 characters' } }
    }
    return { status: 201, body: store.add(name.trim(), note) }
  }
  return { status: 404, body: { error: `no route for ${method} ${path}` } }
}

/** Node's request handler around `route`, with the demo's failure and latency switches. */
export function handler(
  config: Config,
  store: Store,
  random: () => number = Math.random,
  metrics: Metrics = createMetrics({ version: config.version, color: config.color }),
) {
  let served = 0
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now()
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname
      // Prometheus' scrapes are neither counted nor failed: they watch the service, they are not its traffic.
      if (path === '/metrics') {
        void metrics.registry.metrics().then((text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType })
          res.end(text)
        })
        return
      }
      served += 1
      const failing = config.failRate > 0 && served > config.failAfterRequests && random() < config.failRate
      const answer = failing
        ? { status: 500, body: { error: 'injected failure (FAIL_RATE)', version: config.version } }
        : route(req.method ?? 'GET', path, Buffer.concat(chunks).toString('utf8'), config, store)
      const send = () => {
        res.writeHead(answer.status, { 'content-type': 'application/json', 'x-version': config.version })
        res.end(JSON.stringify(answer.body))
        metrics.observe(path, answer.status, (performance.now() - started) / 1000)
      }
      if (config.latencyMs > 0) setTimeout(send, config.latencyMs)
      else send()
    })
  }
}
