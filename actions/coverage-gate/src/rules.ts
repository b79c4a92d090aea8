// Each rule, judged on unrounded counts; rounding is for display only. Pure: data in, verdict out.
import type { Verdict as GateVerdict } from '@shipgate/core/action'
import type { Counts } from './merge.js'

export type RuleName = 'min-line' | 'min-branch' | 'min-patch' | 'max-drop' | 'max-unmatched'

export interface RuleResult {
  rule: RuleName
  limit: number
  actual: number | undefined
  passed: boolean
  detail: string
}

export interface Measures {
  totals: Counts
  patch: { covered: number; total: number } | { unavailable: string } | undefined
  /** The baseline's line coverage after the change's deletions, when there is a baseline. */
  baselinePct: number | undefined
  /**
   * Line coverage from line data, counted as the baseline's is. The headline may be a report's
   * own total, counted by the tool's rules: the change is measured like for like.
   */
  lineDataPct?: number
  /** Report lines that match no file of the repository, of all the reports' lines. */
  unmatched?: { files: number; lines: number; reportedLines: number }
}

export interface Limits {
  minLinePct: number | undefined
  minBranchPct: number | undefined
  minPatchPct: number | undefined
  maxDropPct: number | undefined
  maxUnmatchedPct?: number | undefined
}

export interface Verdict extends GateVerdict {
  linePct: number
  branchPct: number | undefined
  patchPct: number | undefined
  deltaPts: number | undefined
  rules: RuleResult[]
}

export const pct = (covered: number, total: number) => (total === 0 ? 0 : (covered / total) * 100)
export const show = (value: number) => `${(Math.round(value * 100) / 100).toFixed(2)}%`

export function evaluate(measures: Measures, limits: Limits): Verdict {
  const { totals, patch } = measures
  const linePct = pct(totals.linesCovered, totals.linesTotal)
  const branchPct = totals.branchesTotal > 0 ? pct(totals.branchesCovered, totals.branchesTotal) : undefined
  const patchPct = patch && 'total' in patch && patch.total > 0 ? pct(patch.covered, patch.total) : undefined
  const nowPct = measures.lineDataPct ?? linePct
  const deltaPts = measures.baselinePct === undefined ? undefined : nowPct - measures.baselinePct
  const rules: RuleResult[] = []
  const atLeast = (
    rule: RuleName,
    limit: number | undefined,
    actual: number | undefined,
    detail: string,
    missing: string,
  ) => {
    if (limit === undefined) return
    rules.push(
      actual === undefined
        ? { rule, limit, actual, passed: false, detail: missing }
        : { rule, limit, actual, passed: actual >= limit, detail },
    )
  }
  atLeast('min-line', limits.minLinePct, linePct, `${totals.linesCovered} of ${totals.linesTotal} lines`, '')
  atLeast(
    'min-branch',
    limits.minBranchPct,
    branchPct,
    `${totals.branchesCovered} of ${totals.branchesTotal} branches`,
    'no report has branch data, so branch coverage cannot be checked',
  )
  if (limits.minPatchPct !== undefined) {
    if (patch === undefined || 'unavailable' in patch) {
      rules.push({
        rule: 'min-patch',
        limit: limits.minPatchPct,
        actual: undefined,
        passed: false,
        detail: patch
          ? `changed lines unknown: ${patch.unavailable}`
          : 'no base to compare with: set base-ref, or run on a pull request',
      })
    } else if (patch.total === 0) {
      rules.push({
        rule: 'min-patch',
        limit: limits.minPatchPct,
        actual: undefined,
        passed: true,
        detail: 'no changed line is measured by the reports',
      })
    } else {
      atLeast('min-patch', limits.minPatchPct, patchPct, `${patch.covered} of ${patch.total} changed lines`, '')
    }
  }
  if (limits.maxDropPct !== undefined) {
    rules.push(
      deltaPts === undefined
        ? {
            rule: 'max-drop',
            limit: limits.maxDropPct,
            actual: undefined,
            passed: false,
            detail: 'the baseline has no line that still exists',
          }
        : {
            rule: 'max-drop',
            limit: limits.maxDropPct,
            actual: -deltaPts,
            passed: -deltaPts <= limits.maxDropPct,
            detail: `${show(nowPct)} now vs ${show(measures.baselinePct ?? 0)} in the baseline (from line data; deleted lines left out)`,
          },
    )
  }
  if (limits.maxUnmatchedPct !== undefined) {
    const unmatched = measures.unmatched ?? { files: 0, lines: 0, reportedLines: 0 }
    const share = pct(unmatched.lines, unmatched.reportedLines)
    rules.push({
      rule: 'max-unmatched',
      limit: limits.maxUnmatchedPct,
      actual: share,
      passed: share <= limits.maxUnmatchedPct,
      detail: `${unmatched.files} files, ${unmatched.lines} of the reports' ${unmatched.reportedLines} lines match no file of the repository`,
    })
  }
  const passed = rules.every((rule) => rule.passed)
  return { linePct, branchPct, patchPct, deltaPts, rules, passed, reason: reasonOf(rules, passed) }
}

/** The verdict with one more rule judged elsewhere (a carried component's min-patch), its reason rebuilt. */
export function withRule(verdict: Verdict, rule: RuleResult): Verdict {
  const rules = [...verdict.rules, rule]
  const passed = verdict.passed && rule.passed
  return { ...verdict, rules, passed, reason: reasonOf(rules, passed) }
}

/** The failing rules, each with its numbers; or, when all pass, that they did. */
function reasonOf(rules: readonly RuleResult[], passed: boolean): string {
  const shown = (rule: RuleResult) =>
    `${rule.rule}: ${rule.detail}${rule.actual === undefined ? '' : ` (${Math.round(rule.actual * 100) / 100} vs ${rule.limit})`}`
  if (!passed)
    return rules
      .filter((rule) => !rule.passed)
      .map(shown)
      .join('; ')
  return rules.length === 0 ? 'no rule is set' : `every rule passed: ${rules.map(shown).join('; ')}`
}
