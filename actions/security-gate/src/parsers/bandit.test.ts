import { describe, expect, it } from '@jest/globals'
import { parseBandit } from './bandit.js'
import { bySeverity, corpusObject } from './corpus.test-support.js'

describe('parseBandit on a real Bandit report', () => {
  it("counts by severity as Bandit's own metrics._totals do", () => {
    const document = corpusObject('curated/bandit/dd-many-vulns.json')
    const totals = (document.metrics as { _totals: Record<string, number> })._totals
    expect(bySeverity(parseBandit('r.json', document))).toEqual({
      medium: totals['SEVERITY.MEDIUM'],
      low: totals['SEVERITY.LOW'],
    })
  })
})
