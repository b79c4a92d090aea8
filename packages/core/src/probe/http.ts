import { Agent, request, type Dispatcher } from 'undici'

export interface ProbeRequest {
  method: string
  headers: Record<string, string>
  body: string | undefined
  timeoutMs: number
  /** Close the connection after the answer, so the next request opens a new one. */
  newConnection?: boolean
}

export type FailureCause = 'refused' | 'dns' | 'timeout' | 'reset' | 'tls' | 'other'

export interface ProbeOutcome {
  status?: number
  body: string
  location?: string
  headers: Dispatcher.ResponseData['headers']
  error?: { cause: FailureCause; message: string }
}

/** Bodies are read up to this size for checks and reports; the rest is drained unread. */
const BODY_LIMIT_BYTES = 64 * 1024

const CAUSE_BY_CODE: Record<string, FailureCause> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
}

export function classifyError(error: unknown): { cause: FailureCause; message: string } {
  const seen = new Set<unknown>()
  let current: unknown = error
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current)
    const { code, name } = current as { code?: unknown; name?: unknown }
    if (name === 'TimeoutError' || name === 'AbortError') return { cause: 'timeout', message: 'timed out' }
    if (typeof code === 'string') {
      const cause = CAUSE_BY_CODE[code] ?? (/CERT|TLS|SSL/.test(code) ? 'tls' : undefined)
      if (cause) return { cause, message: code }
    }
    current = (current as { cause?: unknown }).cause
  }
  return { cause: 'other', message: error instanceof Error ? error.message : String(error) }
}

/**
 * One keep-alive connection pool per origin. Open-loop traffic must never wait for a connection
 * the client chose not to open, so the cap is high; it only guards the file-descriptor limit.
 */
export function createDispatcher(): Agent {
  return new Agent({ connections: 512, pipelining: 1, keepAliveTimeout: 10_000, connect: { timeout: 10_000 } })
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    if (size < BODY_LIMIT_BYTES) chunks.push(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return Buffer.concat(chunks).subarray(0, BODY_LIMIT_BYTES).toString('utf8')
}

/** One request; never throws: a failure comes back as `error` with its cause. */
export async function probe(
  dispatcher: Dispatcher,
  url: URL,
  options: ProbeRequest,
  readBody: boolean,
): Promise<ProbeOutcome> {
  try {
    const response = await request(url, {
      dispatcher,
      method: options.method,
      headers: options.headers,
      body: options.body,
      signal: AbortSignal.timeout(options.timeoutMs),
      reset: options.newConnection ?? false,
    })
    const body = readBody ? await readCapped(response.body) : (await response.body.dump(), '')
    const location = response.headers.location
    return {
      status: response.statusCode,
      body,
      location: Array.isArray(location) ? location[0] : location,
      headers: response.headers,
    }
  } catch (error) {
    return { body: '', headers: {}, error: classifyError(error) }
  }
}
