// What the service tells Prometheus on /metrics: every request by route, status code, version and
// color, and a latency histogram, so a bad release shows in PromQL (error rate, p95) the moment
// real users meet it.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export interface Metrics {
  registry: Registry
  observe(route: string, code: number, seconds: number): void
}

/** Only known routes become label values: a scanner's random paths must not grow the series. */
const ROUTES = ['/health', '/health/db', '/version', '/api/items'] as const

export function routeLabel(path: string): string {
  return (ROUTES as readonly string[]).includes(path) ? path : 'other'
}

export function createMetrics(labels: { version: string; color: string }): Metrics {
  const registry = new Registry()
  registry.setDefaultLabels(labels)
  collectDefaultMetrics({ register: registry })
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route and status code',
    labelNames: ['route', 'code'] as const,
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [registry],
  })
  return {
    registry,
    observe(route, code, seconds) {
      const label = routeLabel(route)
      requests.inc({ route: label, code: String(code) })
      duration.observe({ route: label }, seconds)
    },
  }
}
