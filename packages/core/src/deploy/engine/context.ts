// What every step of a deploy works on, and the bookkeeping they share: each phase is written to
// the state before it starts.
import type { Logger } from '../../action/logger.js'
import type { MetricCheck, AnalysisResult } from '../../metrics/index.js'
import type { WindowInputs } from '../../probe/inputs.js'
import type { CompareLimits } from '../../compare/compare.js'
import type { MigrateRollbackSettings, MigrationSettings } from '../migration/settings.js'
import type { Color, DeployTarget } from '../model.js'
import type { Work } from '../plan.js'
import { colorEnv, type SwitchTarget, type TrafficProvider } from '../providers/provider.js'
import { enterPhase, type DeployState, type Phase } from '../state.js'
import type { DeployStore } from '../store.js'
import { verdict, type Verdict } from './verdict.js'

export interface DeployContext {
  target: DeployTarget
  provider: TrafficProvider
  store: DeployStore
  state: DeployState
  runId: string
  log: Logger
}

export interface ExecuteOptions {
  verification: WindowInputs
  drainMs: number
  /** Why this runs (a rollback's trigger), kept with the deploy record. */
  reason?: string
  /** The deploy's database migration, when it has one. */
  migration?: MigrationSettings
  /** A rollback's command to run once traffic is back, and how to read the revision. */
  migrateRollback?: MigrateRollbackSettings
  /** Compare the new color with the serving one in the direct verification window. */
  comparison?: CompareLimits
}

/** One run of planned work, as its steps see it and add to it. */
export interface Run {
  ctx: DeployContext
  work: Work
  options: ExecuteOptions
  rollback: boolean
  reports: Verdict['reports']
  metrics?: { checks: MetricCheck[]; result: AnalysisResult }
  /** Whether this run started the new color (a failed verification stops it again). */
  started: boolean
  /** The deploy command's last output lines, for a verification that fails. */
  deployOutput: string
  /** How the migration went, for the summary. */
  migration?: Verdict['migration']
  /** Set when the migration broke the version that serves: the one thing to shout about. */
  servingBroken?: string
  /** Said beside the verdict (a rollback onto an older schema). */
  notes: string[]
  /** A step after the switch that failed without moving traffic back (migrate-rollback-command). */
  afterwards?: string
  /** The side-by-side comparison of the direct verification, for the summary and report-json. */
  comparison?: Verdict['comparison']
}

export function phase(ctx: DeployContext, next: Phase, detail: string, reason?: string): void {
  enterPhase(ctx.store, ctx.state, next, reason)
  ctx.log.info(`▶ phase ${next}: ${detail}`)
}

export function switchTarget(ctx: DeployContext, color: Color, version: string): SwitchTarget {
  return { color, version, url: ctx.target.urls[color] }
}

/** What deploy and stop commands get: the color, version and URL, and the provider's own. */
export function commandEnv(ctx: DeployContext, color: Color, version: string): Record<string, string> {
  return { ...colorEnv(switchTarget(ctx, color, version)), ...ctx.provider.commandEnv?.(color) }
}

/** The run ends failed: the state records why. */
export function failed(run: Run, reason: string): Verdict {
  phase(run.ctx, 'failed', reason, reason)
  return verdict('failed', reason, {
    passed: false,
    from: run.work.from,
    reports: run.reports,
    metrics: run.metrics,
    migration: run.migration,
    servingBroken: run.servingBroken,
    comparison: run.comparison,
  })
}
