import type { ProbeOutcome } from './http.js'

/**
 * Which version answered: the `X-Version` response header, else the `version` field of a JSON
 * body. The demo service sends both; a service that sends neither cannot be told apart.
 */
export function answeredVersion(outcome: Pick<ProbeOutcome, 'headers' | 'body'>): string | undefined {
  const header = outcome.headers['x-version']
  if (typeof header === 'string' && header !== '') return header
  try {
    const body = JSON.parse(outcome.body) as { version?: unknown }
    return typeof body.version === 'string' ? body.version : undefined
  } catch {
    return undefined
  }
}
