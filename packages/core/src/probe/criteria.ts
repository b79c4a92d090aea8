import { statusMatches, type StatusRange } from '../action/parse.js'
import { valueAt, type PathStep } from './json-path.js'

/** What makes an answer healthy. */
export interface HealthCriteria {
  expectedStatus: StatusRange[]
  bodyContains?: string
  bodyRegex?: RegExp
  json?: { path: PathStep[]; pathText: string; expected: string }
}

/**
 * `not-up`: the service is not serving yet (connection refused, DNS, timeout, a gateway's
 * 502/503/504) and waiting may help. `wrong`: it answers, but not as a healthy one should.
 */
export type AnswerVerdict = { healthy: true } | { healthy: false; kind: 'not-up' | 'wrong'; reason: string }

const NOT_UP_STATUSES = new Set([502, 503, 504])

export function needsBody(criteria: HealthCriteria): boolean {
  return criteria.bodyContains !== undefined || criteria.bodyRegex !== undefined || criteria.json !== undefined
}

function describeRanges(ranges: readonly StatusRange[]): string {
  return ranges.map((range) => (range.min === range.max ? `${range.min}` : `${range.min}-${range.max}`)).join(',')
}

function expectedValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

export function judge(status: number, body: string, criteria: HealthCriteria, location?: string): AnswerVerdict {
  if (!statusMatches(status, criteria.expectedStatus)) {
    const expected = describeRanges(criteria.expectedStatus)
    if (NOT_UP_STATUSES.has(status)) return { healthy: false, kind: 'not-up', reason: `HTTP ${status}` }
    if (status >= 300 && status < 400) {
      return {
        healthy: false,
        kind: 'wrong',
        reason: `HTTP ${status} redirect${location ? ` to ${location}` : ''}, not followed (expected ${expected})`,
      }
    }
    return { healthy: false, kind: 'wrong', reason: `HTTP ${status}, expected ${expected}` }
  }
  if (criteria.bodyContains !== undefined && !body.includes(criteria.bodyContains)) {
    return { healthy: false, kind: 'wrong', reason: `body does not contain '${criteria.bodyContains}'` }
  }
  if (criteria.bodyRegex !== undefined && !criteria.bodyRegex.test(body)) {
    return { healthy: false, kind: 'wrong', reason: `body does not match /${criteria.bodyRegex.source}/` }
  }
  if (criteria.json !== undefined) {
    let document: unknown
    try {
      document = JSON.parse(body) as unknown
    } catch {
      return { healthy: false, kind: 'wrong', reason: `body is not JSON, so ${criteria.json.pathText} cannot be read` }
    }
    const actual = valueAt(document, criteria.json.path)
    const expected = expectedValue(criteria.json.expected)
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      const shown = actual === undefined ? 'missing' : JSON.stringify(actual)
      return {
        healthy: false,
        kind: 'wrong',
        reason: `${criteria.json.pathText} is ${shown}, expected ${JSON.stringify(expected)}`,
      }
    }
  }
  return { healthy: true }
}
