import * as core from '@actions/core'
import { GateFailed, setOutputs, UserError } from '@shipgate/core/action'
import { markFailed, openDeploy, readState, recoverInterrupted, releaseLockInPost } from '@shipgate/core/deploy'
import { createOctokit, DeploymentRecord, readRepoContext } from '@shipgate/core/github'
import { escapeLog, writeReportJson, writeSummary } from '@shipgate/core/report'
import { judgeHealthReport, readHealthReport, type Decision } from './evidence.js'
import { readInputs, type Inputs } from './inputs.js'
import { sendAlert } from './notify.js'
import { restore, type RestoreResult } from './restore.js'
import { renderSummary } from './summary.js'
import { watchPublicUrl } from './watch.js'

/** Manual first, then the health report, then a live watch: the first that fires decides. */
async function decide(inputs: Inputs): Promise<Decision> {
  if (inputs.when === 'always') {
    return { fired: true, reason: inputs.reason ?? 'rolled back by hand', source: 'manual', evidence: {} }
  }
  if (inputs.healthReport) {
    const decision = judgeHealthReport(readHealthReport(inputs.healthReport), inputs)
    if (decision.fired || inputs.watchMs === 0 || !inputs.publicUrl) return decision
    core.info(escapeLog(`Health report: ${decision.reason}; now watching live traffic`))
  }
  if (inputs.watchMs > 0 && inputs.publicUrl) return watchPublicUrl(inputs, inputs.publicUrl)
  throw new UserError('No trigger to evaluate: set health-report or watch')
}

/** The failed deployment marked failure (GitHub marks it inactive when the next one succeeds), the restored one success. */
async function recordDeployments(inputs: Inputs, result: RestoreResult): Promise<void> {
  if (!inputs.environment || !inputs.githubToken || !result.rolledBack || !result.to) return
  const octokit = await createOctokit(inputs.githubToken)
  const repo = readRepoContext()
  try {
    const { data } = await octokit.rest.repos.listDeployments({
      owner: repo.owner,
      repo: repo.repo,
      environment: inputs.environment,
      per_page: 1,
    })
    const failed = data[0]
    if (failed) {
      await DeploymentRecord.existing(octokit, repo, failed.id).status('failure', {
        description: `rolled back: ${result.message}`,
      })
    }
  } catch (error) {
    core.warning(`Could not mark the failed deployment: ${error instanceof Error ? error.message : String(error)}`)
  }
  const restored = await DeploymentRecord.create(octokit, repo, {
    environment: inputs.environment,
    ref: repo.sha,
    description: `rollback to ${result.to.version}`,
    payload: { version: result.to.version, action: 'rollback' },
  })
  const environmentUrl = inputs.publicUrl?.href
  await restored?.status('success', { description: result.message, ...(environmentUrl ? { environmentUrl } : {}) })
}

export async function run(): Promise<void> {
  const inputs = readInputs()
  const decision = await decide(inputs)
  core.info(escapeLog(`Decision: ${decision.fired ? 'roll back' : 'no rollback'}: ${decision.reason}`))
  let result: RestoreResult | undefined
  let state = readState(inputs.stateDir)
  if (decision.fired) {
    const { ctx, release } = openDeploy(inputs)
    state = ctx.state
    try {
      const recovered = await recoverInterrupted(ctx)
      if (recovered) core.warning(escapeLog(`Recovered an interrupted deploy first: ${recovered}`))
      result = await restore(ctx, inputs, decision.reason)
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      markFailed(ctx, error.message)
      result = { rolledBack: false, message: error.message, failure: error.message, reports: [] }
    } finally {
      release()
    }
    if (inputs.webhookUrl && (result.rolledBack || result.failure)) {
      const repo = readRepoContext()
      await sendAlert(inputs.webhookUrl, {
        what: result.rolledBack ? 'Rolled back' : 'Rollback failed',
        why: result.failure ?? decision.reason,
        from: result.from && `${result.from.version} (${result.from.color})`,
        to: result.to && `${result.to.version} (${result.to.color})`,
        runUrl: repo.runUrl,
        environment: inputs.environment,
      })
    }
    await recordDeployments(inputs, result)
  }
  const active = state.active
  setOutputs({
    'rolled-back': result?.rolledBack ?? false,
    reason: result?.failure ?? (result?.rolledBack ? decision.reason : (result?.message ?? decision.reason)),
    'active-color': active,
    'restored-version': result?.rolledBack ? result.to?.version : undefined,
  })
  writeReportJson('rollback', { decision, result, state })
  writeSummary(renderSummary(decision, result, state))
  if (result?.failure) throw new GateFailed(escapeLog(result.failure))
  core.info(escapeLog(result?.message ?? `No rollback: ${decision.reason}`))
}

export const post = releaseLockInPost
