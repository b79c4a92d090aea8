// A small client of the Prometheus HTTP API: one instant query, answered as one number, no data,
// or an error a person can act on. PromQL is the user's; nothing here builds or rewrites it.
import { request } from 'undici'
import { UserError } from '../action/errors.js'
import { classifyError } from '../probe/http.js'

export interface PrometheusTarget {
  url: URL
  /** Sent as a bearer token; masked by the input reader. */
  token: string | undefined
  timeoutMs: number
}

/** One evaluation's answer: a number, or no data (an empty result, NaN): inconclusive. */
export type Sample = { kind: 'value'; value: number } | { kind: 'no-data'; why: string }

interface QueryResponse {
  status?: 'success' | 'error'
  errorType?: string
  error?: string
  data?: {
    resultType?: 'vector' | 'scalar' | 'matrix' | 'string'
    result?: unknown
  }
}

/** Why a query's answer is not one number, or the number. Pure, for the answer Prometheus sent. */
export function sampleOf(body: QueryResponse): Sample | { kind: 'error'; why: string } {
  if (body.status === 'error')
    return { kind: 'error', why: `${body.errorType ?? 'error'}: ${body.error ?? 'no detail'}` }
  const data = body.data
  if (body.status !== 'success' || !data) return { kind: 'error', why: 'the answer is not a Prometheus query result' }
  let raw: unknown
  if (data.resultType === 'scalar') raw = (data.result as [number, string] | undefined)?.[1]
  else if (data.resultType === 'vector') {
    const series = (data.result ?? []) as Array<{ value?: [number, string] }>
    if (series.length === 0) return { kind: 'no-data', why: 'the query returned no series' }
    if (series.length > 1) {
      return {
        kind: 'error',
        why: `the query returned ${series.length} series; it must yield one number (aggregate it, e.g. with sum(...))`,
      }
    }
    raw = series[0]?.value?.[1]
  } else {
    return {
      kind: 'error',
      why: `the query returned a ${data.resultType ?? 'result'}; it must yield one number (an instant vector of one series, or a scalar)`,
    }
  }
  const value = Number(raw)
  if (typeof raw !== 'string' || Number.isNaN(value)) return { kind: 'no-data', why: 'the query returned NaN' }
  return { kind: 'value', value }
}

/** Evaluates `query` now. Throws a UserError naming `check` when Prometheus is unreachable or refuses it. */
export async function queryInstant(target: PrometheusTarget, check: string, query: string): Promise<Sample> {
  const url = new URL('api/v1/query', target.url.href.endsWith('/') ? target.url : new URL(`${target.url.href}/`))
  let status: number
  let text: string
  try {
    const response = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
      },
      body: new URLSearchParams({ query }).toString(),
      headersTimeout: target.timeoutMs,
      bodyTimeout: target.timeoutMs,
    })
    status = response.statusCode
    text = await response.body.text()
  } catch (error) {
    const { message } = classifyError(error)
    throw new UserError(`Metric check ${check}: Prometheus at ${target.url.href} did not answer (${message})`)
  }
  let body: QueryResponse
  try {
    body = JSON.parse(text) as QueryResponse
  } catch {
    throw new UserError(
      `Metric check ${check}: ${target.url.href} answered HTTP ${status} with something that is not the Prometheus API (is prometheus-url the server's base URL?)`,
    )
  }
  const sample = sampleOf(body)
  if (sample.kind === 'error')
    throw new UserError(`Metric check ${check}: Prometheus refused the query (${sample.why}): ${query}`)
  return sample
}
