import type { getOctokit } from '@actions/github'

export type Octokit = ReturnType<typeof getOctokit>

/** One API call never waits longer than this, so an unanswering API cannot hang a step. */
const REQUEST_TIMEOUT_MS = 30_000
/** Waiting out a rate limit is worth it only when the wait is short and it has not happened twice. */
const MAX_RATE_LIMIT_WAIT_S = 60
const MAX_RATE_LIMIT_RETRIES = 2

function retryRateLimit(retryAfterS: number, _options: unknown, _octokit: unknown, retryCount: number): boolean {
  return retryCount < MAX_RATE_LIMIT_RETRIES && retryAfterS <= MAX_RATE_LIMIT_WAIT_S
}

/**
 * An Octokit for GITHUB_API_URL with retries on 5xx and network errors and GitHub's recommended
 * throttling (primary and secondary rate limits honoured through `retry-after`). Loaded on first
 * use: most runs never call the API, and Octokit is the largest part of a bundle's start-up.
 */
export async function createOctokit(token: string): Promise<Octokit> {
  const [{ getOctokit: create }, { retry }, { throttling }] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ])
  const fetchWithTimeout: typeof fetch = (url, init) =>
    fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
  return create(
    token,
    {
      baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      request: { fetch: fetchWithTimeout },
      retry: { retries: 3 },
      throttle: { onRateLimit: retryRateLimit, onSecondaryRateLimit: retryRateLimit },
    },
    retry,
    throttling,
  )
}

/**
 * The one Octokit of a run, created on first use and shared by every caller (the files API, the
 * comment, the deployments): undefined without a token.
 */
export function lazyOctokit(token: string | undefined): (() => Promise<Octokit>) | undefined {
  if (!token) return undefined
  let client: Promise<Octokit> | undefined
  return () => (client ??= createOctokit(token))
}
