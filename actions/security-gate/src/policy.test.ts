import { describe, expect, it } from '@jest/globals'
import type { Exception } from './exceptions/ignore.js'
import type { Inputs } from './inputs.js'
import type { Category } from './model.js'
import { emptyReport, type Finding, type ParsedSecurityReport } from './model.js'
import { decide } from './policy.js'

type Policy = Parameters<typeof decide>[1]
const policy: Policy = {
  failOnSeverity: 'critical',
  unknownSeverity: 'high',
  require: [],
  allowLicenses: [],
  denyLicenses: [],
  failOnUnknownLicense: false,
}

function report(
  categories: Category[],
  findings: Array<Partial<Finding>> = [],
  extra: Partial<ParsedSecurityReport> = {},
) {
  const base = emptyReport(`${categories.join('-')}.json`, 'scanner', 'test', categories)
  return {
    ...base,
    findings: findings.map((finding, index) => ({
      tool: 'scanner',
      category: 'dependency' as const,
      id: `GHSA-${index}`,
      aliases: [],
      severity: 'high' as const,
      message: 'm',
      fingerprint: `fp-${index}`,
      report: base.file,
      ...finding,
    })),
    ...extra,
  }
}

const gates = (
  reports: ParsedSecurityReport[],
  overrides: Partial<Policy> = {},
  exceptions: Exception[] = [],
  baseline = new Set<string>(),
) => decide(reports, { ...policy, ...overrides }, exceptions, baseline, '2026-11-27').gates

const states = (result: ReturnType<typeof gates>) =>
  Object.fromEntries(Object.entries(result).map(([gate, { state }]) => [gate, state]))

describe('decide: the four gates', () => {
  it('fails a required category that has no report: nothing passes because nothing was checked', () => {
    const result = gates([report(['sast'])], { require: ['sast', 'dependency'] })
    expect(states(result)).toEqual({
      'no-critical-vulnerabilities': 'passed',
      'dependency-scan': 'failed',
      'sast-scan': 'passed',
      'license-compliance': 'skipped',
    })
    expect(result['dependency-scan'].reasons[0]).toContain('no dependency report was given, and require names it')
  })

  it('fails the gate of a report that says its scan did not finish', () => {
    const result = gates([
      report(['sast'], [], { problems: ['CodeQL run 1 did not finish (executionSuccessful: false)'] }),
    ])
    expect(result['sast-scan'].state).toBe('failed')
  })

  it.each<[Inputs['failOnSeverity'], Finding['severity'], boolean]>([
    ['critical', 'critical', true],
    ['critical', 'high', false],
    ['high', 'high', true],
    ['medium', 'low', false],
    ['low', 'low', true],
    ['none', 'critical', false],
    ['high', 'unknown', true],
  ])('fail-on-severity %s with a %s finding fails: %s', (failOnSeverity, severity, fails) => {
    const result = gates([report(['dependency'], [{ severity }])], { failOnSeverity })
    expect(result['no-critical-vulnerabilities'].state === 'failed').toBe(fails)
    expect(result['dependency-scan'].state === 'failed').toBe(fails)
  })

  it('buckets a finding without severity as unknown-severity says', () => {
    expect(
      gates([report(['dependency'], [{ severity: 'unknown' }])], { unknownSeverity: 'low', failOnSeverity: 'high' })[
        'dependency-scan'
      ].state,
    ).toBe('passed')
  })

  it('merges the same advisory for the same package from two scanners, at the higher severity', () => {
    const npm = report(['dependency'], [{ tool: 'npm', id: 'GHSA-1', package: { name: 'qs' }, severity: 'high' }])
    const osv = report(
      ['dependency'],
      [{ tool: 'osv', id: 'CVE-9', aliases: ['GHSA-1'], package: { name: 'qs' }, severity: 'critical' }],
    )
    const verdict = decide([npm, osv], policy, [], new Set(), '2026-11-27')
    expect(verdict.findings.map((finding) => [finding.severity, finding.alsoFrom])).toEqual([['critical', ['osv']]])
  })
})

describe('decide: exceptions and the baseline', () => {
  const exception = (expires: string): Exception => ({ id: 'GHSA-0', reason: 'not reachable', expires, line: 2 })
  const critical = report(['dependency'], [{ severity: 'critical' }])

  it('waives a finding while its exception holds', () => {
    const verdict = decide([critical], policy, [exception('2999-01-01')], new Set(), '2026-11-27')
    expect(verdict.passed).toBe(true)
    expect(verdict.findings[0]?.waived).toBe('exception: not reachable (until 2999-01-01)')
  })

  it('fails once the exception has expired, naming its line', () => {
    const verdict = decide([critical], policy, [exception('2026-11-26')], new Set(), '2026-11-27')
    expect(verdict.gates['no-critical-vulnerabilities'].reasons).toContainEqual(
      expect.stringContaining('the exception for GHSA-0 (ignore-file line 2) expired on 2026-11-26'),
    )
  })

  it('lists an exception that matched nothing as unused', () => {
    const verdict = decide([report(['dependency'])], policy, [exception('2999-01-01')], new Set(), '2026-11-27')
    expect(verdict.unusedExceptions.map((unused) => unused.id)).toEqual(['GHSA-0'])
  })

  it('gates only on findings not in the baseline', () => {
    expect(gates([critical], {}, [], new Set(['fp-0']))['no-critical-vulnerabilities'].state).toBe('passed')
  })
})

describe('decide: licenses', () => {
  const licenses = report(['license'], [], {
    licenses: [
      { tool: 't', package: 'dual', license: 'MIT OR GPL-3.0-only', report: 'l.json' },
      { tool: 't', package: 'both', license: 'MIT AND GPL-2.0-only', report: 'l.json' },
      { tool: 't', package: 'odd', license: 'Custom License', report: 'l.json' },
    ],
  })
  it.each<[string, Partial<Policy>, string[]]>([
    ['an allow list refuses what no alternative satisfies', { allowLicenses: ['MIT', 'Apache-2.0'] }, ['both']],
    ['a deny list refuses what every alternative touches', { denyLicenses: ['GPL-2.0-only'] }, ['both']],
    ['an unreadable license fails only with fail-on-unknown-license', { failOnUnknownLicense: true }, ['odd']],
    ['no lists, no unknown rule: nothing fails', {}, []],
  ])('%s', (_, overrides, violating) => {
    const verdict = decide([licenses], { ...policy, ...overrides }, [], new Set(), '2026-11-27')
    expect(verdict.licenseViolations.map((entry) => entry.package)).toEqual(violating)
    expect(verdict.gates['license-compliance'].state).toBe(violating.length > 0 ? 'failed' : 'passed')
  })
})
