// The `metrics` input: a YAML list of checks, each a PromQL query that yields one number and the
// limits it must keep. Read once, up front; a mistake names the check and the field.
import { parse } from 'yaml'
import { InputError } from '../action/errors.js'

export interface MetricCheck {
  name: string
  query: string
  max: number | undefined
  min: number | undefined
}

const EXAMPLE =
  'a YAML list of checks, each with name, query and max and/or min, e.g. "- name: error-rate\\n  query: sum(rate(http_requests_total{version=\\"{version}\\",code=~\\"5..\\"}[30s])) / sum(rate(http_requests_total{version=\\"{version}\\"}[30s]))\\n  max: 0.01"'

export function parseMetricChecks(text: string, input = 'metrics'): MetricCheck[] {
  let parsed: unknown
  try {
    parsed = parse(text)
  } catch (error) {
    throw new InputError(
      input,
      text,
      `${EXAMPLE} (it is not YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    )
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new InputError(input, text, EXAMPLE)
  const seen = new Set<string>()
  return parsed.map((entry: unknown, index) => {
    const at = `check ${index + 1}`
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new InputError(input, text, `${EXAMPLE}; ${at} is not a mapping`)
    }
    const { name, query, max, min, ...rest } = entry as Record<string, unknown>
    const unknown = Object.keys(rest)
    if (unknown.length > 0)
      throw new InputError(input, text, `${EXAMPLE}; ${at} has unknown field(s) ${unknown.join(', ')}`)
    if (typeof name !== 'string' || name.trim() === '')
      throw new InputError(input, text, `${EXAMPLE}; ${at} has no name`)
    if (seen.has(name)) throw new InputError(input, text, `${EXAMPLE}; the name ${name} is used twice`)
    seen.add(name)
    if (typeof query !== 'string' || query.trim() === '')
      throw new InputError(input, text, `${EXAMPLE}; check ${name} has no query`)
    const limit = (field: string, value: unknown): number | undefined => {
      if (value === undefined || value === null) return undefined
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InputError(input, text, `${EXAMPLE}; check ${name}: ${field} must be a number`)
      }
      return value
    }
    const check = { name, query, max: limit('max', max), min: limit('min', min) }
    if (check.max === undefined && check.min === undefined) {
      throw new InputError(input, text, `${EXAMPLE}; check ${name} needs max and/or min`)
    }
    if (check.max !== undefined && check.min !== undefined && check.min > check.max) {
      throw new InputError(input, text, `${EXAMPLE}; check ${name} has min ${check.min} above max ${check.max}`)
    }
    return check
  })
}

/** A PromQL string literal's escapes, so a version like `1.2"x` cannot change the query's shape. */
function promqlString(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')
}

/** `{version}` and `{color}` replaced, escaped for use inside a label matcher's quotes. */
export function expandQuery(query: string, values: { version: string; color: string }): string {
  return query.replaceAll('{version}', promqlString(values.version)).replaceAll('{color}', promqlString(values.color))
}

/** One number against a check's limits: why it fails, or undefined. */
export function breach(check: MetricCheck, value: number): string | undefined {
  if (check.max !== undefined && value > check.max) return `${format(value)} > max ${check.max}`
  if (check.min !== undefined && value < check.min) return `${format(value)} < min ${check.min}`
  return undefined
}

export function format(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)))
}

export function limitsText(check: MetricCheck): string {
  return [check.min !== undefined ? `≥ ${check.min}` : '', check.max !== undefined ? `≤ ${check.max}` : '']
    .filter(Boolean)
    .join(' and ')
}

/** The limits of the check an evaluation names; none when no check has that name. */
export function limitsOfCheck(checks: readonly MetricCheck[], name: string | undefined): string {
  const check = checks.find((candidate) => candidate.name === name)
  return check ? limitsText(check) : ''
}
