import { actionLog as log, GateFailed, setOutputs, UserError } from '@shipgate/core/action'
import {
  carryOut,
  makePlan,
  openDeploy,
  storeFor,
  releaseLockInPost,
  type DeployState,
  type Verdict,
} from '@shipgate/core/deploy'
import { createOctokit, DeploymentRecord, readRepoContext } from '@shipgate/core/github'
import { writeReportJson, writeSummary } from '@shipgate/core/report'
import { readHealthReport } from '@shipgate/core/probe'
import { judgeHealthReport, type Trigger } from './evidence.js'
import { readInputs, type Inputs } from './inputs.js'
import { sendAlert } from './notify.js'
import { renderSummary } from './summary.js'
import { watchLive } from './watch.js'

/** Manual first, then the health report, then a live watch: the first that fires decides. */
async function decide(inputs: Inputs): Promise<Trigger> {
  if (inputs.when === 'always') {
    return { fired: true, reason: inputs.reason ?? 'rolled back by hand', source: 'manual', evidence: {} }
  }
  if (inputs.healthReport) {
    const decision = judgeHealthReport(readHealthReport(inputs.healthReport), inputs)
    if (decision.fired || inputs.watchMs === 0 || (!inputs.publicUrl && !inputs.metrics)) return decision
    log.info(`Health report: ${decision.reason}; now watching live traffic`)
  }
  if (inputs.watchMs > 0 && (inputs.publicUrl || inputs.metrics)) {
    // Metric checks judge the version traffic is on now.
    const state = inputs.metrics ? storeFor(inputs).readState() : undefined
    const active = state?.active
    const serving = active ? { color: active, version: state.colors[active]?.version ?? '' } : undefined
    if (inputs.metrics && !serving)
      log.warning('Metrics: no version serves yet, so the metric checks have nothing to judge')
    return watchLive(inputs, serving, log)
  }
  throw new UserError('No trigger to evaluate: set health-report or watch')
}

/** The failed deployment marked failure (GitHub marks it inactive when the next one succeeds), the restored one success. */
async function recordDeployments(inputs: Inputs, verdict: Verdict): Promise<void> {
  if (!inputs.environment || !inputs.githubToken || !verdict.rolledBack || !verdict.to) return
  const octokit = await createOctokit(inputs.githubToken)
  const repo = readRepoContext()
  const failed = await DeploymentRecord.latest(octokit, repo, inputs.environment, log)
  await failed?.status('failure', { description: `rolled back: ${verdict.reason}` })
  const restored = await DeploymentRecord.create(
    octokit,
    repo,
    {
      environment: inputs.environment,
      ref: repo.sha,
      description: `rollback to ${verdict.to.version}`,
      payload: { version: verdict.to.version, action: 'rollback' },
    },
    log,
  )
  const environmentUrl = inputs.publicUrl?.href
  await restored?.status('success', { description: verdict.reason, ...(environmentUrl ? { environmentUrl } : {}) })
}

/** Rolls back under the lock; every path ends with the lock released and the state tidy. */
async function rollBack(
  inputs: Inputs,
  decision: Trigger,
): Promise<{ verdict: Verdict; unexpected: unknown; state: DeployState }> {
  const { ctx, release } = await openDeploy(inputs, log)
  const plan = makePlan(
    ctx.state,
    { action: 'rollback', to: inputs.to },
    {
      autoRollback: true,
      keepPrevious: true,
      publicUrl: inputs.publicUrl !== undefined,
      verify: inputs.verify,
      where: ctx.store.where,
      migrateRollback: inputs.migrateRollback.command !== undefined,
    },
  )
  // Restoring is about seconds: readiness only, no load window.
  const readinessOnly = {
    durationMs: 0,
    ratePerSecond: 0,
    maxErrorRatePct: inputs.maxErrorRatePct,
    maxP95Ms: inputs.maxP95Ms,
  }
  const { verdict, recovered, unexpected } = await carryOut(
    ctx,
    plan,
    { verification: readinessOnly, drainMs: 0, reason: decision.reason, migrateRollback: inputs.migrateRollback },
    release,
  )
  if (recovered) log.warning(`Recovered an interrupted deploy first: ${recovered}`)
  return { verdict, unexpected, state: ctx.state }
}

export async function run(): Promise<void> {
  const inputs = readInputs()
  const decision = await decide(inputs)
  log.info(`Decision: ${decision.fired ? 'roll back' : 'no rollback'}: ${decision.reason}`)
  const { verdict, unexpected, state } = decision.fired
    ? await rollBack(inputs, decision)
    : { verdict: undefined, unexpected: undefined, state: storeFor(inputs).readState() }
  if (verdict && inputs.webhookUrl && (verdict.rolledBack || !verdict.passed)) {
    await sendAlert(
      inputs.webhookUrl,
      {
        what: verdict.rolledBack ? 'Rolled back' : 'Rollback failed',
        why: verdict.passed ? decision.reason : verdict.reason,
        from: verdict.from && `${verdict.from.version} (${verdict.from.color})`,
        to: verdict.to && `${verdict.to.version} (${verdict.to.color})`,
        runUrl: readRepoContext().runUrl,
        environment: inputs.environment,
      },
      log,
    )
  }
  if (verdict && !unexpected) await recordDeployments(inputs, verdict)
  setOutputs({
    'rolled-back': verdict?.rolledBack ?? false,
    reason: !verdict
      ? decision.reason
      : !verdict.passed
        ? verdict.reason
        : verdict.rolledBack
          ? decision.reason
          : verdict.reason,
    'active-color': state.active,
    'restored-version': verdict?.rolledBack ? verdict.to?.version : undefined,
  })
  writeReportJson('rollback', { decision, verdict, state })
  writeSummary(renderSummary(decision, verdict, state))
  if (unexpected instanceof Error) throw unexpected
  if (unexpected !== undefined) throw new Error('a deploy step threw a value that is not an Error')
  if (verdict && !verdict.passed) throw new GateFailed(verdict.reason)
  log.info(verdict?.reason ?? `No rollback: ${decision.reason}`)
}

export const post = () => releaseLockInPost(log)
