import { describe, expect, it } from '@jest/globals'
import { evaluate, type Limits, type Measures } from './rules.js'

const none: Limits = { minLinePct: undefined, minBranchPct: undefined, minPatchPct: undefined, maxDropPct: undefined }
const totals = (linesCovered: number, linesTotal: number, branchesCovered = 0, branchesTotal = 0) => ({
  linesCovered,
  linesTotal,
  branchesCovered,
  branchesTotal,
})
const measured = (overrides: Partial<Measures>): Measures => ({
  totals: totals(90, 100),
  patch: undefined,
  baselinePct: undefined,
  ...overrides,
})
const rule = (measures: Measures, limits: Partial<Limits>) => {
  const verdict = evaluate(measures, { ...none, ...limits })
  const [first] = verdict.rules
  return first && { passed: first.passed, actual: first.actual, detail: first.detail }
}

describe('evaluate: each rule on unrounded counts', () => {
  it.each<[string, Partial<Measures>, Partial<Limits>, boolean, string]>([
    ['min-line passes at exactly the limit', {}, { minLinePct: 90 }, true, '90 of 100 lines'],
    ['min-line fails on 89.99', { totals: totals(8999, 10000) }, { minLinePct: 90 }, false, '8999 of 10000 lines'],
    [
      'min-branch fails when no report has branch data',
      {},
      { minBranchPct: 50 },
      false,
      'no report has branch data, so branch coverage cannot be checked',
    ],
    ['min-branch passes on 3 of 4', { totals: totals(90, 100, 3, 4) }, { minBranchPct: 75 }, true, '3 of 4 branches'],
    [
      'min-patch fails without a base',
      {},
      { minPatchPct: 80 },
      false,
      'no base to compare with: set base-ref, or run on a pull request',
    ],
    [
      'min-patch fails when the changed lines are unknown',
      { patch: { unavailable: 'no merge base' } },
      { minPatchPct: 80 },
      false,
      'changed lines unknown: no merge base',
    ],
    [
      'min-patch passes when no changed line is measured',
      { patch: { covered: 0, total: 0 } },
      { minPatchPct: 80 },
      true,
      'no changed line is measured by the reports',
    ],
    [
      'min-patch fails on 3 of 4 changed lines at 80',
      { patch: { covered: 3, total: 4 } },
      { minPatchPct: 80 },
      false,
      '3 of 4 changed lines',
    ],
    [
      'max-drop passes a drop within the limit',
      { baselinePct: 90.5 },
      { maxDropPct: 1 },
      true,
      '90.00% now vs 90.50% in the baseline (from line data; deleted lines left out)',
    ],
    [
      'max-drop fails a drop past the limit',
      { baselinePct: 92 },
      { maxDropPct: 1 },
      false,
      '90.00% now vs 92.00% in the baseline (from line data; deleted lines left out)',
    ],
    [
      'max-drop fails when no baseline line still exists',
      {},
      { maxDropPct: 1 },
      false,
      'the baseline has no line that still exists',
    ],
  ])('%s', (_, measures, limits, passed, detail) => {
    expect(rule(measured(measures), limits)).toMatchObject({ passed, detail })
  })

  it('passes with no rule set, and says no rule ran', () => {
    expect(evaluate(measured({}), none)).toMatchObject({ passed: true, rules: [], linePct: 90 })
  })

  it('reports the drop as a positive number of points', () => {
    expect(rule(measured({ baselinePct: 92 }), { maxDropPct: 1 })?.actual).toBeCloseTo(2, 10)
  })

  // The headline is the tool's total (90%); the baseline counts line data, so the change does too.
  it('measures the drop from line data when the headline is a report’s own total', () => {
    const verdict = evaluate(measured({ baselinePct: 92, lineDataPct: 91.5 }), { ...none, maxDropPct: 1 })
    expect(verdict).toMatchObject({ linePct: 90, passed: true })
    expect(verdict.deltaPts).toBeCloseTo(-0.5, 10)
  })
})
