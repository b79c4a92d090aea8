// The vulnerability totals npm, pnpm and yarn print beside their advisories:
// `{ info, low, moderate, high, critical }`, in the tool's words.
import { dict, type Dict } from '../json.js'
import type { FindingSeverity } from '../model.js'
import { fromWord } from '../severity.js'

export interface StatedCounts {
  /** The totals in the gate's severities (npm's info is low, moderate is medium). */
  bySeverity: Partial<Record<FindingSeverity, number>>
  total: number
  /** "45 vulnerabilities (1 high, 17 moderate, 27 low)", in the tool's words. */
  text: string
}

const ORDER = ['critical', 'high', 'moderate', 'low', 'info']

/** The counts object, or undefined when it holds no count (absent, or of another shape). */
export function statedCounts(value: unknown): StatedCounts | undefined {
  const counts: Dict = dict(value)
  const entries = ORDER.flatMap((word) => {
    const count = counts[word]
    return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? [[word, count] as const] : []
  })
  if (entries.length === 0) return undefined
  const bySeverity: StatedCounts['bySeverity'] = {}
  let total = 0
  for (const [word, count] of entries) {
    const severity = fromWord(word)
    bySeverity[severity] = (bySeverity[severity] ?? 0) + count
    total += count
  }
  const parts = entries.filter(([, count]) => count > 0).map(([word, count]) => `${count} ${word}`)
  return { bySeverity, total, text: `${total} vulnerabilities${parts.length > 0 ? ` (${parts.join(', ')})` : ''}` }
}

/** Findings by severity, as the outputs count them. */
export function countBySeverity(severities: readonly FindingSeverity[]): Partial<Record<FindingSeverity, number>> {
  const counts: Partial<Record<FindingSeverity, number>> = {}
  for (const severity of severities) counts[severity] = (counts[severity] ?? 0) + 1
  return counts
}
