// The migrating phase: the database moves to what the new version needs, once, under the lock,
// before the new color starts (expand first: the new code may need its columns at start-up),
// while the serving version is watched; a migration that breaks it stops the deploy right there.
import { readRevision, runFailureCommand, runMigration } from '../migration/run.js'
import type { MigrationSettings } from '../migration/settings.js'
import type { Step } from '../plan.js'
import { watchServing } from './compat.js'
import { commandEnv, failed, phase, type DeployContext, type Run } from './context.js'
import type { Verdict } from './verdict.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function envOf(run: Run, version: string): Record<string, string> {
  const { ctx, work } = run
  return {
    ...commandEnv(ctx, work.color, version),
    BG_PREVIOUS_VERSION: work.from?.version ?? '',
    BG_PREVIOUS_COLOR: work.from?.color ?? '',
  }
}

/** Records the revision the database is at now, by whom. */
function recordRevision(ctx: DeployContext, revision: string | undefined, by: string): void {
  if (revision === undefined) return
  ctx.state.database = { revision, at: new Date().toISOString(), by }
}

export async function migrateStep(run: Run, step: Step<'migrate'>): Promise<Verdict | undefined> {
  const { ctx, work } = run
  const settings: MigrationSettings | undefined = run.options.migration
  if (!settings) throw new Error('the planner adds a migrate step only with migration settings')
  const { version } = step
  const from = work.from
  const env = envOf(run, version)
  const before = (await readRevision(settings.schemaVersionCommand, env, ctx.log)) ?? ctx.state.database?.revision
  const current = ctx.state.current
  if (current) current.migration = { ...(before ? { before } : {}), ...(step.again ? { again: true } : {}) }
  phase(
    ctx,
    'migrating',
    `the database for ${version}${before ? ` from revision ${before}` : ''}${from ? `, ${from.version} on ${from.color} watched as it serves` : ''}`,
  )
  if (step.again) {
    ctx.log.warning(
      `The run before stopped while migrating: the migration for ${version} runs again (migration tools are idempotent at head; shipgate requires it)`,
    )
  }
  const watch = from ? watchServing(ctx, from, run.options, { version: from.version, color: from.color }) : undefined
  const result = await runMigration(settings, version, env, ctx.provider, ctx.log)
  run.migration = { ok: result.ok, tail: result.tail, ...(before ? { before } : {}) }
  if (!result.ok) {
    const compat = await watch?.stop()
    if (compat?.report)
      run.reports.push({ label: `${from?.color} (${from?.version}) during the migration`, report: compat.report })
    const after = await readRevision(settings.schemaVersionCommand, env, ctx.log)
    recordRevision(ctx, after, version)
    const outcome = await runFailureCommand(settings, env, result.why, ctx.log)
    return failed(
      run,
      `The migration for ${version} failed: ${result.why}; ${outcome}. Traffic is unchanged${from ? ` on ${from.color} (${from.version})` : ''} and ${version} was never started. Its last output:\n${result.tail}`,
    )
  }
  if (watch && settings.compatWindowMs > 0) {
    ctx.log.info(`Migrated; watching ${from?.version} for compat-window (${settings.compatWindowMs / 1000}s)`)
    await sleep(settings.compatWindowMs)
  }
  const compat = await watch?.stop()
  if (compat?.report)
    run.reports.push({ label: `${from?.color} (${from?.version}) during the migration`, report: compat.report })
  const after = result.revision ?? (await readRevision(settings.schemaVersionCommand, env, ctx.log))
  recordRevision(ctx, after, version)
  run.migration = { ...run.migration, ...(after ? { after } : {}) }
  if (current) current.migration = { ...current.migration, ...(after ? { after } : {}) }
  if (compat && !compat.healthy && from) {
    const outcome = await runFailureCommand(settings, env, compat.reason, ctx.log)
    const revision = await readRevision(settings.schemaVersionCommand, env, ctx.log)
    recordRevision(ctx, revision, `migrate-failure-command after ${version}`)
    run.servingBroken = `${from.version} on ${from.color} takes all the traffic, and the migration for ${version} broke it: ${compat.reason}`
    return failed(
      run,
      `The migration for ${version} broke ${from.version}, which is still serving on ${from.color}: ${compat.reason}; ${outcome}. ${version} was never started; check ${from.version} now`,
    )
  }
  if (compat) ctx.log.info(`During the migration: ${compat.reason}`)
  return undefined
}
