// A real HTTP service for the probe and deploy tests, with the misbehaviour a test asks for:
// coming up late or never, failing a share of requests, a latency mix, a chosen body.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Behaviour {
  /** Listen on this port (default: a free one). */
  port?: number
  /** Reported as the X-Version header and the `version` field of the default body. */
  version?: string
  /** Count failEvery only from this request on: a version that starts failing under traffic. */
  failAfterRequests?: number
  /** Listen only after this long (connection refused before). */
  startAfterMs?: number
  /** Answer with this status and body (default 200, `{"status":"ok"}`). */
  status?: number
  body?: string
  headers?: Record<string, string>
  /** Answer 500 to request n when n % failEvery === failEvery - 1 (n counts from 0). */
  failEvery?: number
  /** Request n waits `latencyMs[n % latencyMs.length]` before answering. */
  latencyMs?: number[]
}

export interface TestService {
  url: string
  port: number
  /** Every request received: method, path and headers. */
  received: Array<{ method: string; path: string; headers: IncomingHttpHeaders }>
  close(): Promise<void>
}

export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

export async function startService(behaviour: Behaviour = {}): Promise<TestService> {
  const port = behaviour.port ?? (await freePort())
  const received: TestService['received'] = []
  let count = 0
  const server: Server = createServer((req, res) => {
    const n = count++
    received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers })
    const delay = behaviour.latencyMs?.[n % behaviour.latencyMs.length] ?? 0
    const failing = n >= (behaviour.failAfterRequests ?? 0)
    const fail = failing && behaviour.failEvery !== undefined && n % behaviour.failEvery === behaviour.failEvery - 1
    const answer = () => {
      res.writeHead(fail ? 500 : (behaviour.status ?? 200), {
        'content-type': 'application/json',
        ...(behaviour.version ? { 'x-version': behaviour.version } : {}),
        ...behaviour.headers,
      })
      res.end(
        fail ? '{"status":"error"}' : (behaviour.body ?? JSON.stringify({ status: 'ok', version: behaviour.version })),
      )
    }
    if (delay > 0) setTimeout(answer, delay)
    else answer()
  })
  server.keepAliveTimeout = 30_000
  let timer: NodeJS.Timeout | undefined
  const listen = () => server.listen(port, '127.0.0.1')
  if (behaviour.startAfterMs) timer = setTimeout(listen, behaviour.startAfterMs)
  else await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: async () => {
      clearTimeout(timer)
      server.closeAllConnections()
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
