import { describe, expect, it } from '@jest/globals'
import { corpusDocument, corpusObject } from './corpus.test-support.js'
import { parseTrivy } from './trivy.js'

type Result = { MisconfSummary?: { Failures: number }; Secrets?: unknown[] }

describe('parseTrivy on real Trivy reports', () => {
  it('misconfigurations as its own MisconfSummary counts failures, and every secret', () => {
    const document = corpusObject('real/security/trivy-json-misconfig-secrets/misconfigurations_and_secrets.json')
    const results = document.Results as Result[]
    const report = parseTrivy('r.json', document)
    const count = (category: string) => report.findings.filter((finding) => finding.category === category).length
    expect(count('sast')).toBe(results.reduce((sum, r) => sum + (r.MisconfSummary?.Failures ?? 0), 0))
    expect(count('secrets')).toBe(results.reduce((sum, r) => sum + (r.Secrets?.length ?? 0), 0))
    expect(report.categories).toEqual(expect.arrayContaining(['sast', 'secrets']))
  })
  it('the legacy top-level list (before 0.20) as Results', () => {
    const results = corpusDocument('real/security/trivy-json-legacy-list/legacy_many_vulns.json') as Array<{
      Vulnerabilities?: unknown[]
    }>
    const report = parseTrivy('r.json', { Results: results })
    expect(report.findings).toHaveLength(results.reduce((sum, r) => sum + (r.Vulnerabilities?.length ?? 0), 0))
  })
})
