import { truncate } from '../text/escape.js'

/** A one-line reason for a failed API call, with the hint that matters most on Actions. */
export function describeApiError(error: unknown): string {
  const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : undefined
  // Raw here: the logger escapes it where it is printed.
  const message = truncate(error instanceof Error ? error.message : String(error), 300)
  if (status === 403 || status === 404) {
    return `${status} ${message} (a fork pull request's token is read-only; otherwise check the job's permissions)`
  }
  return status ? `${status} ${message}` : message
}
