import type { AnalysisResult, MetricCheck } from '../../metrics/index.js'
import type { HealthReport } from '../../probe/check-health.js'
import type { Verdict as GateVerdict } from '../../action/verdict.js'
import type { Comparison } from '../../compare/compare.js'
import type { UrlWindow } from '../../probe/window.js'
import type { Color } from '../model.js'

/** What a deploy or a rollback came to, and why. */
export interface Verdict extends GateVerdict {
  phase: string
  rolledBack: boolean
  from?: { color: Color; version: string }
  to?: { color: Color; version: string; redeployed: boolean }
  reports: Array<{ label: string; report: HealthReport }>
  /** The metrics analysis after the switch, when checks were given. */
  metrics?: { checks: MetricCheck[]; result: AnalysisResult }
  /** The database migration: whether it passed, the revisions before and after, its last lines. */
  migration?: { ok: boolean; before?: string; after?: string; tail: string }
  /** The migration broke the version that serves, which still takes the traffic. */
  servingBroken?: string
  /** The new version against the serving one, side by side, when a comparison was asked for. */
  comparison?: { comparison: Comparison; windows: { candidate?: UrlWindow; baseline?: UrlWindow } }
  /** What else a person should know (a rollback onto a schema its version never ran on). */
  notes?: string[]
}

/** The one way a Verdict is made: a phase and its reason, the rest only when it applies. */
export function verdict(
  phase: string,
  reason: string,
  extra: Partial<Omit<Verdict, 'phase' | 'reason'>> = {},
): Verdict {
  const { passed = true, rolledBack = false, reports = [], ...rest } = extra
  return {
    passed,
    reason,
    phase,
    rolledBack,
    reports,
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
  }
}
