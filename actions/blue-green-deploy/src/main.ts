import { actionLog as log, GateFailed, setOutputs } from '@shipgate/core/action'
import {
  carryOut,
  describePlan,
  inspectDeploy,
  makePlan,
  openDeploy,
  otherColor,
  releaseLockInPost,
  type DeployState,
  type Plan,
  type Verdict,
} from '@shipgate/core/deploy'
import { createOctokit, DeploymentRecord, readRepoContext } from '@shipgate/core/github'
import { escapeMarkdown, writeReportJson, writeSummary } from '@shipgate/core/report'
import { readInputs, type Inputs } from './inputs.js'
import { renderSummary } from './summary.js'

function outputsOf(
  state: DeployState,
  verdict: Pick<Verdict, 'phase' | 'rolledBack'>,
  deploymentId: number | undefined,
) {
  const active = state.active
  const previous = active ? otherColor(active) : undefined
  const previousVersion = previous ? state.colors[previous]?.version : undefined
  return {
    'active-color': active,
    'previous-color': previousVersion === undefined ? undefined : previous,
    version: active ? state.colors[active]?.version : undefined,
    'previous-version': previousVersion,
    'rolled-back': verdict.rolledBack,
    phase: verdict.phase,
    'deployment-id': deploymentId,
  }
}

function planFor(inputs: Inputs, state: DeployState, where: string): Plan {
  const request =
    inputs.action === 'deploy' || inputs.action === 'stage'
      ? { action: inputs.action, version: inputs.version ?? '' }
      : { action: inputs.action }
  return makePlan(state, request, {
    autoRollback: inputs.autoRollback,
    keepPrevious: inputs.keepPrevious,
    publicUrl: inputs.publicUrl !== undefined,
    metrics: inputs.metrics !== undefined,
    verify: true,
    where,
    migrate: inputs.migration !== undefined,
  })
}

async function startDeployment(inputs: Inputs): Promise<DeploymentRecord | undefined> {
  if (!inputs.environment || !inputs.githubToken) return undefined
  const repo = readRepoContext()
  const record = await DeploymentRecord.create(
    await createOctokit(inputs.githubToken),
    repo,
    {
      environment: inputs.environment,
      ref: repo.sha,
      description: `${inputs.action} ${inputs.version ?? ''}`.trim(),
      payload: { version: inputs.version ?? '', action: inputs.action },
    },
    log,
  )
  await record?.status('in_progress', { description: `blue-green ${inputs.action} started` })
  return record
}

/** The plan a real run would carry out, changing nothing; refused as the real run would be (exit 1). */
async function dryRun(inputs: Inputs): Promise<void> {
  const { state, where, reconciled, lockRefusal } = await inspectDeploy(inputs, log)
  const plan = planFor(inputs, state, where)
  const lines = [
    ...(reconciled.kind === 'agree'
      ? []
      : [`${reconciled.kind === 'adopt' ? 'first' : 'refused'}: ${reconciled.message}`]),
    ...(reconciled.kind === 'refuse' ? [] : describePlan(plan, state, inputs, inputs, inputs.drainMs)),
  ]
  const refusal =
    reconciled.kind === 'refuse'
      ? reconciled.message
      : (lockRefusal ?? (plan.work.kind === 'refuse' ? plan.work.message : undefined))
  if (lockRefusal) lines.push(`refused: ${lockRefusal}`)
  log.info(`Plan (dry-run, nothing changes):\n  ${lines.join('\n  ')}`)
  writeSummary(
    `## blue-green-deploy: plan (dry-run)\n\n${lines.map((line) => `1. ${escapeMarkdown(line)}`).join('\n')}\n`,
  )
  writeReportJson('blue-green-deploy', { dryRun: true, plan, lines, state, ...(refusal ? { refusal } : {}) })
  setOutputs(outputsOf(state, { phase: 'planned', rolledBack: false }, undefined))
  if (refusal) throw new GateFailed(`dry-run: the real run would stop here: ${refusal}`)
}

export async function run(): Promise<void> {
  const inputs = readInputs()
  if (inputs.dryRun) return dryRun(inputs)
  const { ctx, release } = await openDeploy(inputs, log)
  const plan = planFor(inputs, ctx.state, ctx.store.where)
  const deployment = await startDeployment(inputs)
  const { verdict, recovered, unexpected } = await carryOut(
    ctx,
    plan,
    {
      verification: inputs,
      drainMs: inputs.drainMs,
      ...(inputs.migration ? { migration: inputs.migration } : {}),
      ...(inputs.comparison ? { comparison: inputs.comparison } : {}),
    },
    release,
  )
  const publicUrl = inputs.environmentUrl?.href ?? inputs.publicUrl?.href
  await deployment?.status(unexpected ? 'error' : verdict.passed ? 'success' : 'failure', {
    description: verdict.reason,
    ...(publicUrl ? { environmentUrl: publicUrl } : {}),
  })
  setOutputs(outputsOf(ctx.state, verdict, deployment?.id))
  writeReportJson('blue-green-deploy', { verdict, plan, recovered, state: ctx.state, deploymentId: deployment?.id })
  writeSummary(renderSummary(verdict, ctx.state, recovered))
  if (unexpected instanceof Error) throw unexpected
  if (unexpected !== undefined) throw new Error('a deploy step threw a value that is not an Error')
  if (!verdict.passed) throw new GateFailed(verdict.reason)
  log.info(verdict.reason)
}

export const post = () => releaseLockInPost(log)
