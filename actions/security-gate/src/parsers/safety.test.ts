import { describe, expect, it } from '@jest/globals'
import { corpusObject } from './corpus.test-support.js'
import { parseSafety } from './safety.js'

describe('parseSafety on real Safety reports', () => {
  it('check --json (v2): as many findings as its own report_meta.vulnerabilities_found', () => {
    const document = corpusObject('curated/safety/safety-v2.0dev6-recommended-fix.json')
    const found = (document.report_meta as { vulnerabilities_found: number }).vulnerabilities_found
    expect(parseSafety('r.json', document).findings).toHaveLength(found)
  })
  it('scan (v3): reads the nested projects, files and dependencies', () => {
    const report = parseSafety('r.json', corpusObject('curated/safety/safety-v3.2.14-scan.json'))
    expect(report.problems).toEqual([])
    expect(report.categories).toEqual(['dependency'])
  })
})
