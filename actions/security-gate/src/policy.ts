// The policy, pure: findings and licenses in, the four gates and their reasons out.
import type { Verdict as GateVerdict } from '@shipgate/core/action'
import { isExpired, matches, type Exception } from './exceptions/ignore.js'
import type { PrChanges } from './exceptions/pr-exceptions.js'
import type { Inputs } from './inputs.js'
import type { Category, Finding, LicenseEntry, ParsedSecurityReport, Severity } from './model.js'
import { gatingRank, SEVERITY_RANK } from './severity.js'
import { judgeLicense } from './spdx.js'

export type GateState = 'passed' | 'failed' | 'skipped'
export const GATES = ['no-critical-vulnerabilities', 'dependency-scan', 'sast-scan', 'license-compliance'] as const
export type Gate = (typeof GATES)[number]

export interface GatedFinding extends Finding {
  severity: Severity
  /** Why it does not gate: an exception (with its reason), or the baseline. */
  waived?: string
  /** Other scanners that reported the same advisory for the same package. */
  alsoFrom: string[]
  /** A waiver the pull request itself added (an exception, or a baseline entry), and whether it counts. */
  prWaiver?: { what: string; change: string; reason: string; honoured: boolean }
}

export interface Verdict extends GateVerdict {
  gates: Record<Gate, { state: GateState; reasons: string[] }>
  findings: GatedFinding[]
  licenseViolations: Array<LicenseEntry & { reason: string }>
  unusedExceptions: Exception[]
}

/** The gate that a required category's missing report fails. */
const GATE_OF_CATEGORY: Record<Category, Gate> = {
  dependency: 'dependency-scan',
  container: 'dependency-scan',
  sast: 'sast-scan',
  secrets: 'sast-scan',
  license: 'license-compliance',
}

/**
 * The same advisory (id or alias) for the same package from several scanners becomes one finding
 * at the highest severity they gave it. One scanner's own repeats stay as it counts them, and
 * findings in code (no package) are never merged.
 */
function dedupe(findings: readonly Finding[]): Array<Finding & { alsoFrom: string[] }> {
  const byKey = new Map<string, Finding & { alsoFrom: string[] }>()
  const result: Array<Finding & { alsoFrom: string[] }> = []
  for (const finding of findings) {
    const keys = finding.package
      ? [finding.id, ...finding.aliases].map((id) => `${finding.package?.name}|${id.toLowerCase()}`)
      : []
    const existing = keys.map((key) => byKey.get(key)).find((entry) => entry && entry.tool !== finding.tool)
    if (existing) {
      if (!existing.alsoFrom.includes(finding.tool)) existing.alsoFrom.push(finding.tool)
      if ((SEVERITY_RANK[finding.severity] ?? 0) > (SEVERITY_RANK[existing.severity] ?? 0))
        existing.severity = finding.severity
      continue
    }
    const entry = { ...finding, alsoFrom: [] }
    for (const key of keys) if (!byKey.has(key)) byKey.set(key, entry)
    result.push(entry)
  }
  return result
}

export function decide(
  reports: readonly ParsedSecurityReport[],
  inputs: Pick<
    Inputs,
    'failOnSeverity' | 'unknownSeverity' | 'require' | 'allowLicenses' | 'denyLicenses' | 'failOnUnknownLicense'
  >,
  exceptions: readonly Exception[],
  baseline: ReadonlySet<string>,
  today: string,
  pr?: PrChanges,
): Verdict {
  const gates = Object.fromEntries(
    GATES.map((gate): [Gate, { state: GateState; reasons: string[] }] => [gate, { state: 'skipped', reasons: [] }]),
  ) as Verdict['gates']
  const fail = (gate: Gate, reason: string) => {
    gates[gate].state = 'failed'
    gates[gate].reasons.push(reason)
  }
  const present = new Set(reports.flatMap((report) => report.categories))
  for (const category of inputs.require) {
    if (!present.has(category))
      fail(
        GATE_OF_CATEGORY[category],
        `no ${category} report was given, and require names it: nothing passes because nothing was checked`,
      )
  }
  for (const report of reports) {
    for (const problem of report.problems) {
      for (const gate of new Set(report.categories.map((category) => GATE_OF_CATEGORY[category])))
        fail(gate, `${problem} (${report.file})`)
    }
    for (const gate of new Set(report.categories.map((category) => GATE_OF_CATEGORY[category]))) {
      if (gates[gate].state === 'skipped') gates[gate].state = 'passed'
    }
  }
  const used = new Set<Exception>()
  const threshold = gatingRank(inputs.failOnSeverity)
  const findings: GatedFinding[] = dedupe(reports.flatMap((report) => report.findings)).map((finding) => {
    const severity = finding.severity === 'unknown' ? inputs.unknownSeverity : finding.severity
    const exception = exceptions.find((candidate) => matches(candidate, finding))
    if (exception) used.add(exception)
    const honoured = pr?.mode !== 'deny'
    const exceptionChange = exception ? pr?.exceptions.get(exception) : undefined
    const baselineChange = baseline.has(finding.fingerprint) && pr?.baseline.has(finding.fingerprint)
    const prWaiver =
      exception && exceptionChange
        ? {
            what: `exception ${exception.id} (ignore-file line ${exception.line})`,
            change: exceptionChange,
            reason: exception.reason,
            honoured,
          }
        : !exception && baselineChange
          ? { what: 'baseline entry', change: 'added to the baseline by this pull request', reason: '', honoured }
          : undefined
    const waived =
      prWaiver && !prWaiver.honoured
        ? undefined
        : exception
          ? isExpired(exception, today)
            ? undefined
            : `exception: ${exception.reason} (until ${exception.expires})`
          : baseline.has(finding.fingerprint)
            ? 'in the baseline'
            : undefined
    return { ...finding, severity, waived, ...(prWaiver ? { prWaiver } : {}) }
  })
  for (const exception of exceptions) {
    if (used.has(exception) && isExpired(exception, today)) {
      fail(
        'no-critical-vulnerabilities',
        `the exception for ${exception.id} (ignore-file line ${exception.line}) expired on ${exception.expires}: renew it with a reason, or fix the finding`,
      )
    }
  }
  const gating = findings.filter((finding) => !finding.waived && (SEVERITY_RANK[finding.severity] ?? 0) >= threshold)
  if (findings.length > 0 || present.size > 0) {
    if (gates['no-critical-vulnerabilities'].state === 'skipped') gates['no-critical-vulnerabilities'].state = 'passed'
  }
  if (gating.length > 0) {
    fail(
      'no-critical-vulnerabilities',
      `${gating.length} finding${gating.length === 1 ? '' : 's'} at or above ${inputs.failOnSeverity}`,
    )
    const denied = gating.filter((finding) => finding.prWaiver && !finding.prWaiver.honoured).length
    if (denied > 0) {
      fail(
        'no-critical-vulnerabilities',
        `${denied} of them ${denied === 1 ? 'is' : 'are'} waived only by this pull request, and pr-exceptions is deny: a waiver counts once it is merged`,
      )
    }
    for (const category of new Set(gating.map((finding) => finding.category))) {
      const gate = GATE_OF_CATEGORY[category]
      fail(
        gate,
        `${gating.filter((f) => f.category === category).length} ${category} findings at or above ${inputs.failOnSeverity}`,
      )
    }
  }
  const licenseViolations: Verdict['licenseViolations'] = []
  for (const entry of reports.flatMap((report) => report.licenses)) {
    const verdict = judgeLicense(entry.license, {
      allow: inputs.allowLicenses,
      deny: inputs.denyLicenses,
      failOnUnknown: inputs.failOnUnknownLicense,
    })
    if (!verdict.ok) licenseViolations.push({ ...entry, reason: verdict.reason })
  }
  if (licenseViolations.length > 0)
    fail(
      'license-compliance',
      `${licenseViolations.length} package${licenseViolations.length === 1 ? '' : 's'} break the license policy`,
    )
  return {
    gates,
    findings,
    licenseViolations,
    unusedExceptions: exceptions.filter((exception) => !used.has(exception)),
    ...passedAndReason(gates),
  }
}

/** Passed unless a gate failed; the reason names each failed gate with its reasons. */
function passedAndReason(gates: Verdict['gates']): { passed: boolean; reason: string } {
  const failed = GATES.filter((gate) => gates[gate].state === 'failed')
  if (failed.length > 0) {
    return { passed: false, reason: failed.map((gate) => `${gate}: ${gates[gate].reasons.join('; ')}`).join(' | ') }
  }
  return { passed: true, reason: GATES.map((gate) => `${gate} ${gates[gate].state}`).join(', ') }
}
