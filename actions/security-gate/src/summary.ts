import { table, verdictIcon } from '@shipgate/core/report'
import type { ParsedSecurityReport } from './model.js'
import { GATES, type Verdict } from './policy.js'
import { SEVERITY_RANK } from './severity.js'

const TOP = 20
const STATE_ICON = { passed: '✅', failed: '❌', skipped: '⏭️' } as const

/** Waivers the pull request gives itself come first: a reviewer must see them before anything else. */
function prWaiversSection(verdict: Verdict): string {
  const waived = verdict.findings.filter((finding) => finding.prWaiver)
  if (waived.length === 0) return ''
  const honoured = waived.every((finding) => finding.prWaiver?.honoured)
  return [
    `### ⚠️ Exceptions this PR adds (${waived.length} finding${waived.length === 1 ? '' : 's'} waived by the pull request itself${honoured ? '' : '; not honoured until merged'})`,
    table(
      ['waiver', 'change', 'finding it waives', 'reason', 'honoured'],
      waived.map((finding) => [
        finding.prWaiver?.what ?? '',
        finding.prWaiver?.change ?? '',
        `${finding.severity} ${finding.id} ${finding.package ? finding.package.name : `${finding.location?.file ?? ''}${finding.location?.line ? `:${finding.location.line}` : ''}`}`,
        finding.prWaiver?.reason ?? '',
        finding.prWaiver?.honoured ? 'yes (pr-exceptions: report)' : 'no (pr-exceptions: deny)',
      ]),
    ),
  ].join('\n\n')
}

export function renderSummary(verdict: Verdict, reports: readonly ParsedSecurityReport[]): string {
  const gating = verdict.findings.filter((finding) => !finding.waived)
  const severities = ['critical', 'high', 'medium', 'low'] as const
  const tools = [...new Set(verdict.findings.map((finding) => finding.tool))]
  const parts = [
    `## ${verdictIcon(verdict.passed)} security-gate: ${verdict.passed ? 'passed' : 'failed'}`,
    prWaiversSection(verdict),
    table(
      ['gate', 'state', 'why'],
      GATES.map((gate) => [
        gate,
        { markdown: `${STATE_ICON[verdict.gates[gate].state]} ${verdict.gates[gate].state}` },
        verdict.gates[gate].reasons.join('; '),
      ]),
    ),
    table(
      ['tool', ...severities, 'waived'],
      tools.map((tool) => [
        tool,
        ...severities.map((severity) => gating.filter((f) => f.tool === tool && f.severity === severity).length),
        verdict.findings.filter((f) => f.tool === tool && f.waived).length,
      ]),
    ),
  ]
  const worst = [...gating]
    .sort((a, b) => (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0))
    .slice(0, TOP)
  if (worst.length > 0) {
    parts.push(
      `### Top findings (${worst.length} of ${gating.length})`,
      table(
        ['severity', 'id', 'where', 'tool', 'message'],
        worst.map((finding) => [
          finding.severity,
          finding.id,
          finding.package
            ? `${finding.package.name}${finding.package.version ? `@${finding.package.version}` : ''}`
            : `${finding.location?.file ?? ''}${finding.location?.line ? `:${finding.location.line}` : ''}`,
          [finding.tool, ...finding.alsoFrom].join(', '),
          finding.message.slice(0, 200),
        ]),
      ),
    )
  }
  if (verdict.licenseViolations.length > 0) {
    parts.push(
      `### License violations (${verdict.licenseViolations.length})`,
      table(
        ['package', 'license', 'why'],
        verdict.licenseViolations
          .slice(0, TOP)
          .map((entry) => [
            `${entry.package}${entry.version ? `@${entry.version}` : ''}`,
            entry.license ?? 'none',
            entry.reason,
          ]),
      ),
    )
  }
  parts.push(
    table(
      ['report', 'tool', 'checks', 'findings', 'suppressed in report'],
      reports.map((report) => [
        report.file,
        report.tool,
        report.categories.join(', '),
        report.stated ? `${report.findings.length} (${report.stated})` : report.findings.length,
        report.suppressed,
      ]),
    ),
  )
  return `${parts.map((part) => part).join('\n\n')}\n`.replace(/\n{3,}/g, '\n\n')
}
