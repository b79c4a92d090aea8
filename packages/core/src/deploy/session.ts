import * as core from '@actions/core'
import { onShutdown } from '../action/signals.js'
import type { DeployTarget } from './inputs.js'
import { acquireLock, releaseLock } from './lock.js'
import { phase, type DeployContext } from './operations.js'
import { createProvider } from './providers/index.js'
import { FINAL_PHASES, readState } from './state.js'

/** Main and post are separate processes of one step: GITHUB_ACTION names the step in both. */
export function stepRunId(): string {
  const env = process.env
  return `${env.GITHUB_RUN_ID ?? 'local'}.${env.GITHUB_RUN_ATTEMPT ?? '1'}.${env.GITHUB_ACTION ?? process.pid}`
}

/**
 * Takes the deploy lock for this step and makes sure it is let go: at the end (the returned
 * release), on SIGINT/SIGTERM, and by the post step should the main step die first.
 */
export function lockForStep(target: DeployTarget): { runId: string; release: () => void } {
  const runId = stepRunId()
  const env = process.env
  acquireLock(
    target.stateDir,
    { owner: `${env.GITHUB_REPOSITORY ?? 'local'} ${env.GITHUB_WORKFLOW ?? ''}/${env.GITHUB_JOB ?? ''}`, runId },
    target.lockTimeoutMs,
  )
  core.saveState('lock-dir', target.stateDir)
  core.saveState('run-id', runId)
  onShutdown(() => void releaseLock(target.stateDir, runId))
  return { runId, release: () => void releaseLock(target.stateDir, runId) }
}

/** The post step: releases the lock if the main step could not (killed, cancelled). */
export async function releaseLockInPost(): Promise<void> {
  const dir = core.getState('lock-dir')
  const runId = core.getState('run-id')
  if (dir && runId && releaseLock(dir, runId)) core.info(`Released the deploy lock on ${dir} left by the main step`)
}

/** Locks the state dir for this step and loads the deploy context both deploy actions work on. */
export function openDeploy(target: DeployTarget): { ctx: DeployContext; release: () => void } {
  const { runId, release } = lockForStep(target)
  return { ctx: { target, provider: createProvider(target), state: readState(target.stateDir), runId }, release }
}

/** After a user error mid-way: this run's unfinished deploy is marked failed, with the reason. */
export function markFailed(ctx: DeployContext, message: string): void {
  const current = ctx.state.current
  if (current?.runId === ctx.runId && !FINAL_PHASES.includes(current.phase)) phase(ctx, 'failed', message, message)
}
