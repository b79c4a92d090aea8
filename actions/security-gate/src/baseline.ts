// A baseline is an earlier run's report-json: the fingerprints of the findings it had.
import { readShipgateReport } from '@shipgate/core/action'

const KIND = 'shipgate/security-report'

/** The fingerprints of a security-gate report-json, or undefined when the document is not one. */
export function baselineFingerprints(document: unknown): Set<string> | undefined {
  const report = document as { kind?: unknown; findings?: Array<{ fingerprint?: unknown }> } | null
  if (report?.kind !== KIND) return undefined
  return new Set((report.findings ?? []).map((finding) => String(finding.fingerprint)))
}

/** The baseline input's fingerprints; a file that is not a security-gate report is one clear error. */
export function readBaseline(file: string): Set<string> {
  return baselineFingerprints(readShipgateReport(file, KIND, 'security-gate')) ?? new Set()
}
