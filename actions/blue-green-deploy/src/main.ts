import * as core from '@actions/core'
import { GateFailed, setOutputs, UserError } from '@shipgate/core/action'
import {
  markFailed,
  openDeploy,
  otherColor,
  readState,
  recoverInterrupted,
  releaseLockInPost,
  type DeployState,
} from '@shipgate/core/deploy'
import { createOctokit, DeploymentRecord, readRepoContext } from '@shipgate/core/github'
import { escapeLog, writeReportJson, writeSummary } from '@shipgate/core/report'
import { runDeployAction, type Outcome } from './deploy.js'
import { readInputs, type Inputs } from './inputs.js'
import { describePlan } from './plan.js'
import { renderSummary } from './summary.js'

function outputsOf(state: DeployState, outcome: Outcome, deploymentId: number | undefined) {
  const active = state.active
  const previous = active ? otherColor(active) : undefined
  const previousVersion = previous ? state.colors[previous]?.version : undefined
  return {
    'active-color': active,
    'previous-color': previousVersion === undefined ? undefined : previous,
    version: active ? state.colors[active]?.version : undefined,
    'previous-version': previousVersion,
    'rolled-back': outcome.rolledBack,
    phase: outcome.phase,
    'deployment-id': deploymentId,
  }
}

async function startDeployment(inputs: Inputs): Promise<DeploymentRecord | undefined> {
  if (!inputs.environment || !inputs.githubToken) return undefined
  const repo = readRepoContext()
  const record = await DeploymentRecord.create(await createOctokit(inputs.githubToken), repo, {
    environment: inputs.environment,
    ref: repo.sha,
    description: `${inputs.action} ${inputs.version ?? ''}`.trim(),
    payload: { version: inputs.version ?? '', action: inputs.action },
  })
  await record?.status('in_progress', { description: `blue-green ${inputs.action} started` })
  return record
}

function dryRun(inputs: Inputs): void {
  const state = readState(inputs.stateDir)
  const plan = describePlan(inputs, state)
  core.info(escapeLog(`Plan (dry-run, nothing changes):\n  ${plan.join('\n  ')}`))
  writeSummary(`## blue-green-deploy: plan (dry-run)\n\n${plan.map((line) => `1. ${escapeLog(line)}`).join('\n')}\n`)
  writeReportJson('blue-green-deploy', { dryRun: true, plan, state })
  setOutputs({ ...outputsOf(state, { phase: 'planned', rolledBack: false, message: '', reports: [] }, undefined) })
}

export async function run(): Promise<void> {
  const inputs = readInputs()
  if (inputs.dryRun) return dryRun(inputs)
  const { ctx, release } = openDeploy(inputs)
  const deployment = await startDeployment(inputs)
  let outcome: Outcome
  let recovered: string | undefined
  try {
    recovered = await recoverInterrupted(ctx)
    outcome = await runDeployAction(ctx, inputs)
  } catch (error) {
    if (!(error instanceof UserError)) throw error
    markFailed(ctx, error.message)
    outcome = { phase: 'failed', rolledBack: false, message: error.message, failure: error.message, reports: [] }
  } finally {
    release()
  }
  const publicUrl = inputs.environmentUrl?.href ?? inputs.publicUrl?.href
  await deployment?.status(outcome.failure ? 'failure' : 'success', {
    description: outcome.message,
    ...(publicUrl ? { environmentUrl: publicUrl } : {}),
  })
  setOutputs(outputsOf(ctx.state, outcome, deployment?.id))
  writeReportJson('blue-green-deploy', { outcome, recovered, state: ctx.state, deploymentId: deployment?.id })
  writeSummary(renderSummary(outcome, ctx.state, recovered))
  if (outcome.failure) throw new GateFailed(escapeLog(outcome.failure))
  core.info(escapeLog(outcome.message))
}

export const post = releaseLockInPost
