// Where a deploy keeps its state and its lock: a directory (state-dir) or, with provider
// kubernetes and no state-dir, the cluster itself (providers/kubernetes/cluster-store.ts). Every
// operation works on either, through this one interface.
import type { Logger } from '../action/logger.js'
import { acquireLock, lockRefusal, releaseLock, startHeartbeat, type LockHolder } from './lock.js'
import { readState, writeState, type DeployState } from './state.js'

export interface DeployStore {
  /** Where the state lives, for messages: `state-dir /srv/deploy` or `ConfigMap prod/shipgate-web`. */
  where: string
  /** How the post step finds the lock again (saved as step state). */
  descriptor: StoreDescriptor
  readState(): DeployState
  /** Persists the whole state before the phase it records starts. */
  writeState(state: DeployState): void
  /** Takes the deploy lock, or takes over a stale one with a warning; throws a UserError when it is held. */
  acquireLock(holder: Pick<LockHolder, 'owner' | 'runId'>, ttlMs: number, log: Logger): void
  /** Renews the lock while the step runs; returns the stop. */
  startHeartbeat(runId: string, log: Logger): () => void
  /** Releases the lock if this run holds it; returns whether it did. */
  releaseLock(runId: string): boolean
  /** The error a run would get for the lock now, as acquireLock would throw it (dry-run); changes nothing. */
  lockRefusal(runId: string): string | undefined
}

export type StoreDescriptor =
  | { kind: 'file'; dir: string }
  | { kind: 'kubernetes'; service: string; namespace: string | undefined; context: string | undefined }

export function fileStore(dir: string): DeployStore {
  return {
    where: `state-dir ${dir}`,
    descriptor: { kind: 'file', dir },
    readState: () => readState(dir),
    writeState: (state) => writeState(dir, state),
    acquireLock: (holder, ttlMs, log) => void acquireLock(dir, holder, ttlMs, log),
    startHeartbeat: (runId, log) => startHeartbeat(dir, runId, log),
    releaseLock: (runId) => releaseLock(dir, runId),
    lockRefusal: (runId) => lockRefusal(dir, runId),
  }
}
