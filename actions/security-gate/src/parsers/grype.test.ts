import { describe, expect, it } from '@jest/globals'
import { bySeverity, corpusObject } from './corpus.test-support.js'
import { parseGrype } from './grype.js'

describe('parseGrype on a real Grype report', () => {
  it('one finding per match, severities as Grype names them', () => {
    const document = corpusObject('curated/grype/dd-many-vulns-0.24.json')
    const matches = document.matches as Array<{ vulnerability: { severity: string } }>
    const stated: Record<string, number> = {}
    for (const match of matches) {
      const severity = match.vulnerability.severity.toLowerCase()
      stated[severity] = (stated[severity] ?? 0) + 1
    }
    expect(bySeverity(parseGrype('r.json', document))).toEqual(stated)
  })
  it('reads the 0.96 format as well', () => {
    const document = corpusObject('real/security/grype-json-0.96.0/issue_9618.json')
    expect(parseGrype('r.json', document).findings).toHaveLength((document.matches as unknown[]).length)
  })
})
