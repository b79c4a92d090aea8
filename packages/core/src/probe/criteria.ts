import { statusMatches, type StatusRange } from '../action/parse.js'
import type { ProbeOutcome } from './http.js'
import { valueAt, type PathStep } from './json-path.js'
import { answeredVersion } from './version.js'

/** What makes an answer healthy. */
export interface HealthCriteria {
  expectedStatus: StatusRange[]
  bodyContains?: string
  bodyRegex?: RegExp
  json?: { path: PathStep[]; pathText: string; expected: string }
  /**
   * The version that must answer, when the service names one (X-Version or a JSON `version`): a
   * color still running its previous version is not the version just deployed.
   */
  version?: string
}

/**
 * `not-up`: the service is not serving yet (connection refused, DNS, timeout, a gateway's
 * 502/503/504) and waiting may help. `wrong`: it answers, but not as a healthy one should.
 */
export type AnswerVerdict =
  | { healthy: true }
  | {
      healthy: false
      kind: 'not-up' | 'wrong'
      reason: string
      /** The version that answered instead of the one expected. */
      otherVersion?: string
    }

const NOT_UP_STATUSES = new Set([502, 503, 504])

export function needsBody(criteria: HealthCriteria): boolean {
  return (
    criteria.bodyContains !== undefined ||
    criteria.bodyRegex !== undefined ||
    criteria.json !== undefined ||
    criteria.version !== undefined
  )
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

/**
 * One probe's outcome judged whole: no answer is "not up"; an answer is judged by `judge`, then
 * by the version it names. Another version is "not up" too: the new one may still be starting.
 */
export function judgeOutcome(outcome: ProbeOutcome, criteria: HealthCriteria): AnswerVerdict {
  if (outcome.status === undefined)
    return { healthy: false, kind: 'not-up', reason: outcome.error?.message ?? 'no answer' }
  const verdict = judge(outcome.status, outcome.body, criteria, outcome.location)
  if (!verdict.healthy || criteria.version === undefined) return verdict
  const version = answeredVersion(outcome)
  if (version === undefined || version === criteria.version) return verdict
  return {
    healthy: false,
    kind: 'not-up',
    reason: `answers as ${version}, not ${criteria.version}`,
    otherVersion: version,
  }
}
