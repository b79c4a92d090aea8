import { describe, expect, it } from '@jest/globals'
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
