// security-gate's words, imported by the parsers, the policy and the readers of inputs alike.
import { createHash } from 'node:crypto'

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const
export type Severity = (typeof SEVERITIES)[number]
export const CATEGORIES = ['dependency', 'sast', 'license', 'secrets', 'container'] as const
export type Category = (typeof CATEGORIES)[number]

export type FindingSeverity = Severity | 'unknown'

/** One problem a scanner reported, in the shape every adapter produces. */
export interface Finding {
  tool: string
  category: Exclude<Category, 'license'>
  /** Rule or advisory id (GHSA-…, CVE-…, B602, js/sql-injection). */
  id: string
  /** Other ids of the same advisory (a GHSA's CVE), matched by exceptions and deduplication. */
  aliases: string[]
  severity: FindingSeverity
  package?: { name: string; version?: string; fixedVersion?: string }
  location?: { file: string; line?: number }
  message: string
  /** Stable across runs: SARIF partialFingerprints, else a hash of rule, path and line. */
  fingerprint: string
  /** The report file it came from. */
  report: string
}

export interface LicenseEntry {
  tool: string
  package: string
  version?: string
  /** As the report gives it: an SPDX id or expression, a name, or undefined for none. */
  license?: string
  report: string
}

export interface ParsedSecurityReport {
  file: string
  tool: string
  format: string
  categories: Category[]
  findings: Finding[]
  licenses: LicenseEntry[]
  /** Why this report cannot be trusted (a failed run, scanner errors, skipped packages): each fails its gate. */
  problems: string[]
  /** Findings the scanner marked suppressed in the report itself; shown, never gating. */
  suppressed: number
  /** What the tool says of its own totals (npm's metadata, yarn's auditSummary), shown beside the gate's count. */
  stated?: string
  /** SPDX: the document's namespace, and the packages it relates to that other documents describe. */
  spdx?: { namespace?: string; elsewhere: Array<{ ref: string; namespace: string }> }
}

export function fingerprintOf(...parts: Array<string | number | undefined>): string {
  return createHash('sha256')
    .update(parts.map((part) => String(part ?? '')).join('\u0000'))
    .digest('hex')
    .slice(0, 32)
}

export function emptyReport(file: string, tool: string, format: string, categories: Category[]): ParsedSecurityReport {
  return { file, tool, format, categories, findings: [], licenses: [], problems: [], suppressed: 0 }
}
