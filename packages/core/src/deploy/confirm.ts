import type { Logger } from '../action/logger.js'
import { createDispatcher, probe } from '../probe/http.js'
import { judge, type HealthCriteria } from '../probe/criteria.js'
import { answeredVersion } from '../probe/version.js'

export interface ConfirmOptions {
  url: URL
  version: string
  criteria: HealthCriteria
  timeoutMs: number
  deadlineMs: number
  log: Logger
}

/** Answers in a row, each on a new connection, that must come from the new version. */
const CONFIRMATIONS = 3
const INTERVAL_MS = 100

/**
 * Confirms that traffic through the public entrypoint reaches `version`: probes on new
 * connections (old nginx workers keep their open ones) until three answers in a row are healthy
 * and come from it. Returns undefined when confirmed, else why not.
 */
export async function confirmVersion(options: ConfirmOptions): Promise<string | undefined> {
  const dispatcher = createDispatcher()
  const start = performance.now()
  let streak = 0
  let unidentified = 0
  let last = 'no answer yet'
  try {
    while (performance.now() - start < options.deadlineMs) {
      const outcome = await probe(
        dispatcher,
        options.url,
        { method: 'GET', headers: {}, body: undefined, timeoutMs: options.timeoutMs, newConnection: true },
        true,
      )
      const verdict = outcome.status === undefined ? undefined : judge(outcome.status, outcome.body, options.criteria)
      const version = answeredVersion(outcome)
      if (verdict?.healthy && (version === options.version || version === undefined)) {
        streak += 1
        if (version === undefined) unidentified += 1
        if (streak >= CONFIRMATIONS) {
          if (unidentified === streak) {
            options.log.warning(
              `${options.url.href} answers healthy but names no version (no X-Version header, no "version" field), so the switch to ${options.version} could not be confirmed by version`,
            )
          }
          return undefined
        }
      } else {
        streak = 0
        last =
          outcome.status === undefined
            ? (outcome.error?.message ?? 'no answer')
            : verdict && !verdict.healthy
              ? verdict.reason
              : `version ${version} answered`
      }
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS))
    }
    return `${options.url.href} did not answer as ${options.version} within ${options.deadlineMs / 1000}s (last: ${last})`
  } finally {
    await dispatcher.close()
  }
}
