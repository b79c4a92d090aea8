import type { FindingSeverity } from './model.js'

/** GitHub's mapping of SARIF `security-severity` scores (CVSS-like, 0–10) to levels. */
export function fromScore(score: number): FindingSeverity {
  if (!Number.isFinite(score)) return 'unknown'
  if (score >= 9) return 'critical'
  if (score >= 7) return 'high'
  if (score >= 4) return 'medium'
  return 'low'
}

/** Scanner vocabularies, lower-cased: npm's moderate, Grype's negligible, Semgrep's ERROR/WARNING/INFO. */
const WORDS: Record<string, FindingSeverity> = {
  critical: 'critical',
  high: 'high',
  error: 'high',
  moderate: 'medium',
  medium: 'medium',
  warning: 'medium',
  low: 'low',
  info: 'low',
  note: 'low',
  negligible: 'low',
  none: 'low',
}

export function fromWord(word: unknown): FindingSeverity {
  return typeof word === 'string' ? (WORDS[word.trim().toLowerCase()] ?? 'unknown') : 'unknown'
}

export const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 }

/** The rank at and above which a finding gates; `none` gates nothing. */
export function gatingRank(failOnSeverity: string): number {
  return failOnSeverity === 'none'
    ? Number.POSITIVE_INFINITY
    : (SEVERITY_RANK[failOnSeverity] ?? SEVERITY_RANK.critical ?? 4)
}
