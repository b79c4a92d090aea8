import { describe, expect, it } from '@jest/globals'
import { bySeverity, onlyReport } from './corpus.test-support.js'
import { parseYarnClassic } from './yarn-classic.js'

const advisory = (severity: string, path: string) => ({
  type: 'auditAdvisory',
  data: {
    resolution: { id: 1, path, dev: path.startsWith('dev'), optional: false, bundled: false },
    advisory: {
      id: 1,
      module_name: 'qs',
      severity,
      title: 'qs vulnerable to Prototype Pollution',
      github_advisory_id: 'GHSA-hrpp-h998-j3pp',
      cves: ['CVE-2022-24999'],
      patched_versions: '>=6.10.3',
      findings: [{ version: '6.10.2', paths: ['express>qs', 'dev-tool>qs'] }],
    },
  },
})
const summary = (vulnerabilities: Record<string, number>) => ({
  type: 'auditSummary',
  data: { vulnerabilities, totalDependencies: 15 },
})

describe('parseYarnClassic', () => {
  it('one finding per advisory and path, as yarn counts them, each with its own fingerprint', () => {
    const report = parseYarnClassic('a.json', [
      { type: 'warning', data: 'a > b@1: no longer maintained' },
      advisory('high', 'express>qs'),
      advisory('high', 'dev-tool>qs'),
      summary({ info: 0, low: 0, moderate: 0, high: 2, critical: 0 }),
    ])
    expect(report.problems).toEqual([])
    expect(report.findings.map((finding) => [finding.id, finding.package?.version, finding.message])).toEqual([
      ['GHSA-hrpp-h998-j3pp', '6.10.2', 'qs vulnerable to Prototype Pollution (via express>qs)'],
      ['GHSA-hrpp-h998-j3pp', '6.10.2', 'qs vulnerable to Prototype Pollution (via dev-tool>qs, a dev dependency)'],
    ])
    expect(new Set(report.findings.map((finding) => finding.fingerprint)).size).toBe(2)
    expect(report.findings[0]?.aliases).toEqual(['CVE-2022-24999'])
    expect(report.stated).toBe('yarn states 2 vulnerabilities (2 high) in 15 dependencies')
  })
  it('a summary the lines do not add up to is a problem: left-out advisories never pass unseen', () => {
    const onlySummary = parseYarnClassic('a.json', [summary({ info: 0, low: 3, moderate: 0, high: 1, critical: 0 })])
    expect(onlySummary.problems).toEqual([
      'its auditSummary states 4 vulnerabilities (1 high, 3 low) but its advisory lines count 0 high, 0 low: ' +
        'advisories were left out (yarn audit --level or --groups, a grep) or the file is cut short; ' +
        'gate the whole output of yarn audit --json',
    ])
    const more = parseYarnClassic('a.json', [advisory('low', 'a>qs'), summary({ low: 0 })])
    expect(more.problems[0]).toMatch(/^its auditSummary states 0 vulnerabilities but its advisory lines count 1 low/)
  })
  it('an error line is an audit that did not run; no summary and no advisory is one that did not finish', () => {
    expect(
      parseYarnClassic('a.json', [{ type: 'error', data: 'Error: Request failed "503 Service Unavailable"' }]).problems,
    ).toEqual(['yarn audit did not run: Error: Request failed "503 Service Unavailable"'])
    expect(parseYarnClassic('a.json', [{ type: 'info', data: 'fetching' }]).problems).toEqual([
      'holds neither an auditSummary nor an advisory: yarn audit did not finish',
    ])
  })
  it('advisory lines without a summary (a kept list of known issues) count as they are', () => {
    const report = parseYarnClassic('a.json', [advisory('moderate', 'a>qs')])
    expect(report.problems).toEqual([])
    expect(report.stated).toBe('no auditSummary line: counted from the advisory lines the file holds')
  })
})

describe('yarn audit reports of real projects, read as the action reads them', () => {
  it('yarn1.jsonl: 45 lines, as its auditSummary counts them (27 low, 17 moderate, 1 high)', () => {
    const report = onlyReport('real/security/yarn1-audit-summary-per-path/yarn1.jsonl')
    expect(report.tool).toBe('yarn audit')
    expect(report.problems).toEqual([])
    expect(bySeverity(report)).toEqual({ low: 27, medium: 17, high: 1 })
    expect(new Set(report.findings.map((finding) => finding.id)).size).toBe(8)
    expect(report.stated).toBe('yarn states 45 vulnerabilities (1 high, 17 moderate, 27 low) in 29350 dependencies')
  })
  it('a list of known issues: one GHSA line, no summary', () => {
    const report = onlyReport('real/security/yarn1-known-issues-ghsa/yarn-audit-known-issues')
    expect(report.findings.map((finding) => [finding.id, finding.severity, finding.package])).toEqual([
      ['GHSA-f9xv-q969-pqx4', 'medium', { name: 'yaml', version: '2.1.3', fixedVersion: '>=2.2.2' }],
    ])
  })
})
