// Pure parsers for the value forms shared by every action's inputs. Each returns undefined for a
// value it does not accept; inputs.ts turns that into an InputError that names the input.

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** `500ms`, `5s`, `1.5s`, `5m`, `1h`, `1m30s`, and `0`; never negative, never a bare number > 0. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim()
  if (value === '0') return 0
  const parts = value.match(/\d+(?:\.\d+)?(?:ms|s|m|h)/g)
  if (!parts || parts.join('') !== value) return undefined
  let totalMs = 0
  for (const part of parts) {
    const [, amount, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(part) ?? []
    const unitMs = unit === undefined ? undefined : DURATION_UNITS_MS[unit]
    if (amount === undefined || unitMs === undefined) return undefined
    totalMs += Number(amount) * unitMs
  }
  return Math.round(totalMs)
}

/** `5%`, `5`, `91.23`, `0.5%`: a number from 0 to 100 with at most 2 decimals. */
export function parsePercent(text: string): number | undefined {
  const match = /^(\d{1,3}(?:\.\d{1,2})?)\s*%?$/.exec(text.trim())
  if (!match?.[1]) return undefined
  const value = Number(match[1])
  return value <= 100 ? value : undefined
}

export interface StatusRange {
  min: number
  max: number
}

/** `200-299,304` or `2xx,304`: HTTP status codes from 100 to 599, as inclusive ranges. */
export function parseStatusRanges(text: string): StatusRange[] | undefined {
  const ranges: StatusRange[] = []
  for (const item of splitList(text)) {
    const classMatch = /^([1-5])xx$/i.exec(item)
    const match = classMatch ? undefined : /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(item)
    const min = classMatch ? Number(classMatch[1]) * 100 : Number(match?.[1])
    const max = classMatch ? min + 99 : Number(match?.[2] ?? match?.[1])
    if (!(min >= 100 && max <= 599 && min <= max)) return undefined
    ranges.push({ min, max })
  }
  return ranges.length > 0 ? ranges : undefined
}

export function statusMatches(status: number, ranges: readonly StatusRange[]): boolean {
  return ranges.some((range) => status >= range.min && status <= range.max)
}

/**
 * Splits on newlines and on commas that are not inside `{…}`, so a glob such as
 * `coverage/{unit,e2e}/lcov.info` stays whole. Trims items and drops empty ones.
 */
export function splitList(text: string): string[] {
  const items: string[] = []
  let depth = 0
  let current = ''
  for (const char of text) {
    if (char === '{') depth++
    if (char === '}') depth = Math.max(0, depth - 1)
    if (char === '\n' || char === '\r' || (char === ',' && depth === 0)) {
      items.push(current)
      current = ''
    } else {
      current += char
    }
  }
  items.push(current)
  return items.map((item) => item.trim()).filter((item) => item !== '')
}

/** YAML 1.2 core-schema booleans, as the runner and `core.getBooleanInput` accept them. */
export function parseBoolean(text: string): boolean | undefined {
  const value = text.trim()
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  return undefined
}
