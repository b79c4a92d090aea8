import { UserError } from '../action/errors.js'
import type { Logger } from '../action/logger.js'
import { onShutdown } from '../action/signals.js'
import { saveStepState, stepState } from '../action/step-state.js'
import type { DeployTarget } from './model.js'
import type { DeployContext } from './engine/context.js'
import { knowsServing, reconcileLive, type Reconciled } from './adopt.js'
import { createProvider, storeFor, storeFrom, type TrafficProvider } from './providers/index.js'
import type { DeployState } from './state.js'
import type { DeployStore, StoreDescriptor } from './store.js'

/** Main and post are separate processes of one step: GITHUB_ACTION names the step in both. */
export function stepRunId(): string {
  const env = process.env
  return `${env.GITHUB_RUN_ID ?? 'local'}.${env.GITHUB_RUN_ATTEMPT ?? '1'}.${env.GITHUB_ACTION ?? process.pid}`
}

/**
 * Takes the deploy lock for this step, renews it while the step runs, and makes sure it is let
 * go: at the end (the returned release), on SIGINT/SIGTERM, and by the post step should the main
 * step die first. A runner that dies with no post step leaves a lock whose process is gone and
 * whose heartbeat stops: the next run takes it over (lock.ts).
 */
export function lockForStep(
  store: DeployStore,
  lockTimeoutMs: number,
  log: Logger,
): { runId: string; release: () => void } {
  const runId = stepRunId()
  const env = process.env
  store.acquireLock(
    { owner: `${env.GITHUB_REPOSITORY ?? 'local'} ${env.GITHUB_WORKFLOW ?? ''}/${env.GITHUB_JOB ?? ''}`, runId },
    lockTimeoutMs,
    log,
  )
  saveStepState('lock-store', JSON.stringify(store.descriptor))
  saveStepState('run-id', runId)
  const stopHeartbeat = store.startHeartbeat(runId, log)
  const release = () => {
    stopHeartbeat()
    try {
      store.releaseLock(runId)
    } catch (error) {
      log.warning(
        `Could not release the deploy lock (${store.where}): ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  onShutdown(release)
  return { runId, release }
}

/** The post step: releases the lock if the main step could not (killed, cancelled). */
export function releaseLockInPost(log: Logger): void {
  const saved = stepState('lock-store')
  const runId = stepState('run-id')
  if (!saved || !runId) return
  const store = storeFrom(JSON.parse(saved) as StoreDescriptor)
  if (store.releaseLock(runId)) log.info(`Released the deploy lock (${store.where}) left by the main step`)
}

/**
 * The state brought in line with the data plane (adopt.ts): what serves is read when the state
 * does not know it, and on every run from a platform that records it itself (the Service). Its
 * read runs beside the state's read. Mutates nothing outside `state`, writes nothing.
 */
async function readLive(
  provider: TrafficProvider,
  store: DeployStore,
  runId: string,
): Promise<{ state: DeployState; reconciled: Reconciled }> {
  const early = provider.authoritative ? provider.observe() : undefined
  const state = store.readState()
  const observation = early ? await early : knowsServing(state) ? undefined : await provider.observe()
  const reconciled = observation
    ? reconcileLive(state, observation, { runId, nowIso: new Date().toISOString() })
    : ({ kind: 'agree' } as const)
  return { state, reconciled }
}

/**
 * Checks the provider's objects, locks the store for this step and loads the deploy context
 * both deploy actions work on. Bad input stops here, before the lock: nothing is changed.
 */
export async function openDeploy(
  target: DeployTarget,
  log: Logger,
): Promise<{ ctx: DeployContext; release: () => void }> {
  const provider = createProvider(target, log)
  await provider.preflight?.()
  const store = storeFor(target)
  const { runId, release } = lockForStep(store, target.lockTimeoutMs, log)
  try {
    // Read under the lock: where traffic goes now, as the data plane shows it, is the truth.
    const { state, reconciled } = await readLive(provider, store, runId)
    if (reconciled.kind === 'refuse') throw new UserError(reconciled.message)
    if (reconciled.kind === 'adopt') {
      log.warning(reconciled.message)
      store.writeState(state)
    }
    return { ctx: { target, provider, store, state, runId, log }, release }
  } catch (error) {
    release()
    throw error
  }
}

/**
 * What a real run would start from, read without the lock and without writing anything
 * (dry-run): the state as the data plane reconciles it, and why the run would stop at once.
 */
export async function inspectDeploy(
  target: DeployTarget,
  log: Logger,
): Promise<{ state: DeployState; where: string; reconciled: Reconciled; lockRefusal: string | undefined }> {
  const provider = createProvider(target, log)
  await provider.preflight?.()
  const store = storeFor(target)
  const runId = stepRunId()
  const { state, reconciled } = await readLive(provider, store, runId)
  return { state, where: store.where, reconciled, lockRefusal: store.lockRefusal(runId) }
}
