// Carries out a plan (plan.ts) step by step, as argo-rollouts reconciles a blue-green rollout:
// one function per kind of step, in a table, each writing its phase to the state before it
// starts. A step that ends the work returns its verdict; a failed check after a switch goes back.
import type { Step, StepKind, Work } from '../plan.js'
import type { DeployContext, ExecuteOptions, Run } from './context.js'
import { phase } from './context.js'
import { drainStep } from './drain.js'
import { migrateRollbackStep } from './migrate-rollback.js'
import { migrateStep } from './migrate.js'
import { postVerifyStep } from './post-verify.js'
import { stageStep } from './stage.js'
import { startStep } from './start.js'
import { stopStep } from './stop.js'
import { switchStep } from './switch.js'
import { readRevision } from '../migration/run.js'
import { verdict, type Verdict } from './verdict.js'
import { verifyStep } from './verify.js'

interface StepHandler<K extends StepKind> {
  /** The log group the step runs in, so a deploy's log reads phase by phase. */
  title: string
  run: (run: Run, step: Step<K>) => Promise<Verdict | undefined>
}

const STEPS: { [K in StepKind]: StepHandler<K> } = {
  migrate: { title: 'migrating', run: migrateStep },
  start: { title: 'deploying', run: startStep },
  verify: { title: 'verifying', run: verifyStep },
  stage: { title: 'staging', run: stageStep },
  switch: { title: 'switching', run: switchStep },
  'post-verify': { title: 'verifying after the switch', run: postVerifyStep },
  drain: { title: 'draining', run: drainStep },
  stop: { title: 'stopping', run: stopStep },
  'migrate-rollback': { title: 'rolling back the schema', run: migrateRollbackStep },
}

function runStep<K extends StepKind>(run: Run, step: Step<K>): Promise<Verdict | undefined> {
  const handler: StepHandler<K> = STEPS[step.kind]
  return run.ctx.log.group(handler.title, () => handler.run(run, step))
}

function begin(ctx: DeployContext, work: Work, reason: string | undefined): void {
  ctx.state.current = {
    runId: ctx.runId,
    action: work.action,
    version: work.version,
    color: work.color,
    phase: 'deploying',
    startedAt: new Date().toISOString(),
    timeline: [],
    ...(reason === undefined ? {} : { reason }),
  }
  if (work.action === 'promote' || work.action === 'reject') ctx.state.staged = undefined
}

/** Runs the planned steps; returns the verdict. A UserError from a step (a failed command) is thrown. */
export async function execute(ctx: DeployContext, work: Work, options: ExecuteOptions): Promise<Verdict> {
  begin(ctx, work, options.reason)
  const run: Run = {
    ctx,
    work,
    options,
    rollback: work.action === 'rollback',
    reports: [],
    started: false,
    deployOutput: '',
    notes: [],
  }
  if (run.rollback) await noteSchemaGap(run)
  for (const step of work.steps) {
    const ended = await runStep(run, step)
    if (ended) return ended
  }
  return finish(run)
}

/** Every step passed: what the work comes to, written to the state. */
function finish(run: Run): Verdict {
  const { ctx, work, options, reports, metrics } = run
  const { color, version, from } = work
  const { state } = ctx
  if (work.action === 'reject') {
    const reason = `${version} on ${color} is rejected and stopped; traffic never reached it`
    phase(ctx, 'rejected', reason)
    return verdict('rejected', reason, { from, reports })
  }
  if (work.action === 'rollback') {
    const now = new Date().toISOString()
    const target = state.colors[color]
    if (target) target.verifiedAt = now
    const left = from ? state.colors[from.color] : undefined
    if (left) left.rolledBackAt = now
    state.active = color
    const why = options.reason ?? 'rolled back'
    const reason = `Rolled back from ${from?.version} (${from?.color}) to ${version} (${color})${work.redeploy ? ', redeployed' : ''}: ${why}`
    phase(ctx, 'rolled-back', reason, why)
    return verdict('rolled-back', run.afterwards ? `${reason}; but ${run.afterwards}` : reason, {
      passed: run.afterwards === undefined,
      rolledBack: true,
      from,
      to: { color, version, redeployed: work.redeploy },
      reports,
      notes: run.notes,
    })
  }
  const kept = from ? state.colors[from.color]?.running : undefined
  const reason = `${version} serves on ${color}${from ? `; ${from.color} (${from.version}) is ${kept ? 'kept for an instant rollback' : 'stopped'}` : ''}`
  phase(ctx, 'complete', reason)
  return verdict('complete', reason, { from, reports, metrics, migration: run.migration, comparison: run.comparison })
}

/**
 * A rollback to a version deployed on an older schema says so: migrations are not undone, and
 * the old version is verified on the schema as it is now (only migrate-rollback-command changes it).
 */
async function noteSchemaGap(run: Run): Promise<void> {
  const { ctx, work, options } = run
  const env = { BG_VERSION: work.version, BG_COLOR: work.color }
  const read = await readRevision(options.migrateRollback?.schemaVersionCommand, env, ctx.log)
  if (read) ctx.state.database = { revision: read, at: new Date().toISOString(), by: 'schema-version-command' }
  const now = ctx.state.database?.revision
  const ran = ctx.state.colors[work.color]?.schemaRevision
  if (!now || ran === now) return
  const undone = options.migrateRollback?.command
    ? 'migrate-rollback-command runs once traffic is back'
    : 'migrations are not undone'
  const note = ran
    ? `${work.version} last ran on ${ran}; the database is at ${now}; ${undone}`
    : `${work.version}'s schema revision was never recorded; the database is at ${now}; ${undone}`
  run.notes.push(`${note}. ${work.version} is verified on the schema as it is now.`)
  ctx.log.warning(note)
}
