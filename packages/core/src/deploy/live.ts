// What a URL serves right now, asked once: a first run reads the data plane with it before it
// plans (adopt.ts), since "no state" does not mean "nothing serves".
import { judgeOutcome, type HealthCriteria } from '../probe/criteria.js'
import { createDispatcher, probe } from '../probe/http.js'
import { answeredVersion } from '../probe/version.js'
import { joinUrl } from './urls.js'

/** `up: false`: nothing answers there (refused, timed out, a gateway's 502/503/504). */
export type Answer =
  { up: false; why: string } | { up: true; healthy: boolean; version: string | undefined; why: string }

/** Asks `base` + `healthPath` once, on a new connection. */
export async function askUrl(
  base: URL,
  healthPath: string,
  criteria: HealthCriteria,
  timeoutMs: number,
): Promise<Answer> {
  const dispatcher = createDispatcher()
  try {
    const url = joinUrl(base, healthPath)
    const outcome = await probe(
      dispatcher,
      url,
      { method: 'GET', headers: {}, body: undefined, timeoutMs, newConnection: true },
      true,
    )
    const verdict = judgeOutcome(outcome, criteria)
    if (!verdict.healthy && verdict.kind === 'not-up') return { up: false, why: `${url.href}: ${verdict.reason}` }
    const version = answeredVersion(outcome)
    return verdict.healthy
      ? { up: true, healthy: true, version, why: `${url.href} answers healthy${version ? ` as ${version}` : ''}` }
      : { up: true, healthy: false, version, why: `${url.href}: ${verdict.reason}` }
  } finally {
    await dispatcher.close()
  }
}
