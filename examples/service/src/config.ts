/** How the service runs, from its environment; the misbehaviour switches exist for the demo and tests. */
export interface Config {
  /** The address to listen on: a pod's own IP in the simulated cluster. */
  host: string
  port: number
  version: string
  /** The blue-green color this process runs as (a label on its metrics). */
  color: string
  /** Share of requests answered 500 (0 to 1). */
  failRate: number
  /** FAIL_RATE applies only after this many requests: a version that breaks under real traffic. */
  failAfterRequests: number
  /** Extra delay before every answer. */
  latencyMs: number
  /** Health endpoints answer 503 forever: a version that never becomes ready. */
  neverReady: boolean
  dbPath: string
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  const number = (name: string, fallback: number) => {
    const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name])
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, got '${env[name]}'`)
    return value
  }
  const failRate = number('FAIL_RATE', 0)
  if (failRate > 1) throw new Error(`FAIL_RATE is a share from 0 to 1, got '${env.FAIL_RATE}'`)
  return {
    host: env.HOST || '127.0.0.1',
    port: number('PORT', 8080),
    version: env.VERSION || 'dev',
    color: env.COLOR || env.BG_COLOR || '',
    failRate,
    failAfterRequests: number('FAIL_AFTER_REQUESTS', 0),
    latencyMs: number('LATENCY_MS', 0),
    neverReady: env.NEVER_READY === 'true' || env.NEVER_READY === '1',
    dbPath: env.DB_PATH || ':memory:',
  }
}
