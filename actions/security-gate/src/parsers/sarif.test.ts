import { describe, expect, it } from '@jest/globals'
import { bySeverity, corpusObject } from './corpus.test-support.js'
import { parseSarif } from './sarif.js'

describe('parseSarif on real SARIF logs', () => {
  it('CodeQL: security-severity mapped as GitHub maps it, else the level', () => {
    const [run] = parseSarif('r.sarif', corpusObject('curated/sarif/dd-codeql-output.sarif'))
    // GitHub's code scanning shows this log as 11 high, 4 medium and 57 low/note alerts.
    expect(run && bySeverity(run)).toEqual({ high: 11, medium: 4, low: 57 })
  })
  it('results the log itself suppressed are counted apart, never as findings', () => {
    const [run] = parseSarif('r.sarif', corpusObject('curated/sarif/dd-suppression-test.sarif'))
    expect(run?.findings).toHaveLength(2)
    expect(run?.suppressed).toBeGreaterThan(0)
  })
  it('rules held in tool extensions (CodeQL packs) are found by index', () => {
    const runs = parseSarif(
      'r.sarif',
      corpusObject('real/security/sarif-codeql-2.12.2-rules-in-extensions/javascript.sarif'),
    )
    expect(runs.flatMap((run) => run.findings).every((finding) => finding.id !== 'unknown-rule')).toBe(true)
  })
})
