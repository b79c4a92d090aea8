import { describe, expect, it } from '@jest/globals'
import { bySeverity, corpusObject } from './corpus.test-support.js'
import { parseNpmAudit } from './npm-audit.js'

describe('parseNpmAudit', () => {
  it('names the vulnerable dependencies a package is flagged through, not [object Object]', () => {
    const report = parseNpmAudit('audit.json', {
      auditReportVersion: 2,
      vulnerabilities: {
        'body-parser': {
          name: 'body-parser',
          severity: 'high',
          via: ['qs'],
          range: '<1.20.3',
          fixAvailable: true,
        },
        qs: {
          name: 'qs',
          severity: 'high',
          via: [
            {
              source: 1096470,
              name: 'qs',
              title: 'qs vulnerable to Prototype Pollution',
              url: 'https://github.com/advisories/GHSA-hrpp-h998-j3pp',
              severity: 'high',
            },
          ],
          range: '<6.10.3',
          fixAvailable: true,
        },
      },
    })
    expect(report.findings.map((finding) => [finding.package?.name, finding.id, finding.message])).toEqual([
      ['body-parser', 'npm:body-parser', 'body-parser depends on a vulnerable package (qs)'],
      ['qs', 'GHSA-hrpp-h998-j3pp', 'qs vulnerable to Prototype Pollution'],
    ])
  })
})

describe('parseNpmAudit on real npm audit reports', () => {
  it("npm 7+: one finding per vulnerable package, by severity as npm's own metadata counts", () => {
    const document = corpusObject('curated/npm-audit/dd-npm7-many-vulns.json')
    const stated = (document.metadata as { vulnerabilities: Record<string, number> }).vulnerabilities
    expect(bySeverity(parseNpmAudit('r.json', document))).toEqual({ medium: stated.moderate, low: stated.low })
  })
  it('npm 6: one finding per advisory, with its CVEs as aliases', () => {
    const report = parseNpmAudit('r.json', corpusObject('curated/npm-audit/dd-npm6-one-vuln.json'))
    expect(bySeverity(report)).toEqual({ critical: 1 })
  })
  it('an audit that did not run is a problem of the report, not an empty pass', () => {
    const report = parseNpmAudit('r.json', corpusObject('curated/npm-audit/dd-npm-error-output.json'))
    expect(report.findings).toEqual([])
    expect(report.problems[0]).toMatch(/^npm audit did not run: ENOAUDIT/)
  })
})
