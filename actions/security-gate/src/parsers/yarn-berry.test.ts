import { describe, expect, it } from '@jest/globals'
import { bySeverity, onlyReport } from './corpus.test-support.js'
import { parseYarnBerry } from './yarn-berry.js'

describe('parseYarnBerry', () => {
  // The shape of hmcts' committed `yarn npm audit --json` lines: a deprecation beside an advisory.
  it('a deprecation is a finding at the severity yarn gives it, named as yarn names it', () => {
    const report = parseYarnBerry('a.json', [
      {
        value: 'csurf',
        children: {
          ID: 'csurf (deprecation)',
          Issue: 'This package is archived and no longer maintained.',
          Severity: 'moderate',
          'Vulnerable Versions': '1.11.0',
          'Tree Versions': ['1.11.0'],
          Dependents: ['app@workspace:.'],
        },
      },
      {
        value: 'cookie',
        children: {
          ID: 1103907,
          Issue: 'cookie accepts cookie name, path, and domain with out of bounds characters',
          URL: 'https://github.com/advisories/GHSA-pxg6-pf52-xh8x',
          Severity: 'low',
          'Tree Versions': ['0.4.0', '0.5.0'],
          Dependents: ['csurf@npm:1.11.0', 'a@npm:1', 'b@npm:1', 'c@npm:1'],
        },
      },
    ])
    expect(report.findings.map((finding) => [finding.id, finding.aliases, finding.severity, finding.message])).toEqual([
      [
        'csurf (deprecation)',
        [],
        'medium',
        'csurf is deprecated: This package is archived and no longer maintained. (needed by app@workspace:.)',
      ],
      [
        'GHSA-pxg6-pf52-xh8x',
        ['1103907'],
        'low',
        'cookie accepts cookie name, path, and domain with out of bounds characters (needed by csurf@npm:1.11.0, a@npm:1, b@npm:1 and 1 more)',
      ],
    ])
    expect(report.findings[1]?.package).toEqual({ name: 'cookie', version: '0.4.0, 0.5.0' })
  })
})

describe('yarn npm audit reports of real projects, read as the action reads them', () => {
  it('yarn 4 JSON lines: one finding per line, severities as yarn states them', () => {
    const report = onlyReport('real/security/yarn-berry-4-ndjson/yarn-audit-report.ndjson')
    expect(report.tool).toBe('yarn npm audit')
    expect(bySeverity(report)).toEqual({ critical: 1, high: 2, medium: 3 })
    expect(report.findings[0]?.id).toBe('GHSA-35jh-r3h4-6jhm')
  })
  it('yarn 3 writes npm 6’s shape: 8 advisories, 5 high and 3 moderate as its metadata counts', () => {
    const report = onlyReport('real/security/yarn-3-npm-audit/yarn3.json')
    expect(report.tool).toBe('yarn npm audit')
    expect(bySeverity(report)).toEqual({ high: 5, medium: 3 })
    expect(report.stated).toBe('yarn npm audit states 8 vulnerabilities (5 high, 3 moderate)')
  })
  it('pnpm writes npm 6’s shape with paths from the importer', () => {
    const report = onlyReport('real/security/pnpm-audit-high/pnpm-output.json')
    expect(report.tool).toBe('pnpm audit')
    expect(report.findings.map((finding) => [finding.id, finding.severity])).toEqual([['GHSA-38f5-ghc2-fcmv', 'high']])
  })
})
