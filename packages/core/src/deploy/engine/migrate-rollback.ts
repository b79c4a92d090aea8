// Rollback's last step, only when migrate-rollback-command is given: the schema goes back too,
// after traffic is back on the old version (which was verified on the current schema first).
import { readRevision } from '../migration/run.js'
import type { Step } from '../plan.js'
import { runShell } from '../shell.js'
import { commandEnv, type Run } from './context.js'

export async function migrateRollbackStep(run: Run, step: Step<'migrate-rollback'>): Promise<undefined> {
  const { ctx, work } = run
  const settings = run.options.migrateRollback
  if (!settings?.command) throw new Error('the planner adds migrate-rollback only with migrate-rollback-command')
  const target = ctx.state.colors[work.color]?.schemaRevision
  const env = {
    ...commandEnv(ctx, work.color, step.version),
    BG_PREVIOUS_VERSION: work.from?.version ?? '',
    BG_SCHEMA_VERSION: ctx.state.database?.revision ?? '',
    BG_TARGET_SCHEMA_VERSION: target ?? '',
  }
  ctx.log.info(`Traffic is back on ${step.version}: running migrate-rollback-command`)
  const result = await runShell(settings.command, env, {
    label: 'migrate-rollback',
    timeoutMs: 60 * 60_000,
    log: ctx.log,
  })
  if (result.exitCode !== 0) {
    run.afterwards = `migrate-rollback-command failed (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}); ${step.version} serves on the schema as it was. Its output:\n${result.tail}`
    return undefined
  }
  const revision = await readRevision(settings.schemaVersionCommand, env, ctx.log)
  if (revision)
    ctx.state.database = { revision, at: new Date().toISOString(), by: `migrate-rollback-command to ${step.version}` }
  run.notes.push(`migrate-rollback-command ran${revision ? `: the database is at ${revision}` : ''}`)
  return undefined
}
