// The deploy state and lock held in the cluster, so a GitHub-hosted runner (no disk that
// outlives the job) can deploy: the state (the file store's schema) in ConfigMap
// `shipgate-{service}` under `state.json`, the lock in the Lease `shipgate-{service}`. Every write
// carries the resourceVersion it read: a concurrent writer is a clear error, never a lost update.
import { hostname } from 'node:os'
import { UserError } from '../../../action/errors.js'
import { HEARTBEAT_EXPIRY_MS, HEARTBEAT_INTERVAL_MS, newHolder, whyHolderIsGone, type LockHolder } from '../../lock.js'
import { emptyState, isDeployState } from '../../state.js'
import type { DeployStore } from '../../store.js'
import { KubectlError, type Kubectl } from './kubectl.js'

interface ConfigMap {
  apiVersion: 'v1'
  kind: 'ConfigMap'
  metadata: { name: string; resourceVersion?: string; labels?: Record<string, string> }
  data?: Record<string, string>
}

export interface Lease {
  apiVersion: 'coordination.k8s.io/v1'
  kind: 'Lease'
  metadata: {
    name: string
    resourceVersion?: string
    annotations?: Record<string, string>
    labels?: Record<string, string>
  }
  spec: {
    holderIdentity?: string
    leaseDurationSeconds?: number
    acquireTime?: string
    renewTime?: string
  }
}

const HOLDER_ANNOTATION = 'shipgate.dev/holder'
const LABELS = { 'app.kubernetes.io/managed-by': 'shipgate' }

/** A Lease's times are MicroTime: RFC 3339 with exactly six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
}

/** The lock holder a Lease describes, in the file lock's terms, so one rule judges both. */
export function holderOfLease(lease: Lease): LockHolder | undefined {
  const runId = lease.spec.holderIdentity
  if (!runId) return undefined
  let extra: Partial<LockHolder> = {}
  try {
    extra = JSON.parse(lease.metadata.annotations?.[HOLDER_ANNOTATION] ?? '{}') as Partial<LockHolder>
  } catch {
    // A holder written by something else: the Lease's own fields still judge it.
  }
  const acquiredAt = lease.spec.acquireTime ?? lease.spec.renewTime ?? new Date(0).toISOString()
  return {
    owner: extra.owner ?? runId,
    runId,
    host: extra.host ?? '',
    pid: extra.pid ?? 0,
    acquiredAt,
    expiresAt: extra.expiresAt ?? new Date(Date.parse(acquiredAt) + HEARTBEAT_EXPIRY_MS).toISOString(),
    renewedAt: lease.spec.renewTime ?? acquiredAt,
  }
}

export function clusterStore(kubectl: Kubectl, service: string, context: string | undefined): DeployStore {
  const namespace = kubectl.namespace()
  const name = `shipgate-${service}`
  const where = `ConfigMap ${namespace}/${name}`
  let stateVersion: string | undefined
  /** The state.json the ConfigMap holds now, kept as state.json.prev by the next write. */
  let stateText: string | undefined
  const get = <T>(kind: string, what: string): T | undefined => {
    try {
      return JSON.parse(kubectl.runSync(what, ['get', kind, name, '-o', 'json'])) as T
    } catch (error) {
      if (error instanceof KubectlError && error.failure === 'NotFound') return undefined
      throw error
    }
  }
  /** Create when `resourceVersion` is unset, else replace with it as the precondition. */
  const put = <T extends { metadata: { resourceVersion?: string } }>(object: T, what: string): T => {
    const verb = object.metadata.resourceVersion ? 'replace' : 'create'
    // Client-side validation would download the cluster's OpenAPI document on every write; the
    // API server validates these objects anyway.
    return JSON.parse(
      kubectl.runSync(what, [verb, '--validate=false', '-f', '-', '-o', 'json'], JSON.stringify(object)),
    ) as T
  }
  const readLease = () => get<Lease>('lease', `read the deploy lock (Lease ${namespace}/${name})`)
  const leaseFor = (holder: LockHolder, base: Lease | undefined, nowMs: number): Lease => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      labels: LABELS,
      ...(base?.metadata.resourceVersion ? { resourceVersion: base.metadata.resourceVersion } : {}),
      annotations: {
        [HOLDER_ANNOTATION]: JSON.stringify({
          owner: holder.owner,
          host: holder.host,
          pid: holder.pid,
          expiresAt: holder.expiresAt,
        }),
      },
    },
    spec: {
      holderIdentity: holder.runId,
      leaseDurationSeconds: HEARTBEAT_EXPIRY_MS / 1000,
      acquireTime: microTime(Date.parse(holder.acquiredAt)),
      renewTime: microTime(nowMs),
    },
  })

  const heldBy = (current: LockHolder) =>
    `Another deploy holds the lock (Lease ${namespace}/${name}): ${current.owner} (run ${current.runId})${current.host ? ` on ${current.host}` : ''}, since ${current.acquiredAt}; last renewed ${current.renewedAt}. It is taken over once its renewals stop for ${HEARTBEAT_EXPIRY_MS / 1000}s, at the latest at ${current.expiresAt} (lock-timeout).`

  return {
    where,
    descriptor: { kind: 'kubernetes', service, namespace, context },
    lockRefusal(runId) {
      const lease = readLease()
      const current = lease ? holderOfLease(lease) : undefined
      if (!current || current.runId === runId) return undefined
      return whyHolderIsGone(current, { runId, host: hostname() }, Date.now()) === undefined
        ? heldBy(current)
        : undefined
    },
    readState() {
      const map = get<ConfigMap>('configmap', `read the deploy state (${where})`)
      stateVersion = map?.metadata.resourceVersion
      const text = map?.data?.['state.json']
      stateText = text
      if (text === undefined) return emptyState()
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        parsed = undefined
      }
      if (!isDeployState(parsed)) {
        throw new UserError(
          `${where} key state.json is not a shipgate deploy state (schema 1): restore it from its state.json.prev key, or delete the ConfigMap to start over`,
        )
      }
      return parsed
    },
    writeState(state) {
      // One call per phase: the resourceVersion last read or written is the precondition.
      const text = `${JSON.stringify(state, null, 2)}\n`
      const map: ConfigMap = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, labels: LABELS, ...(stateVersion ? { resourceVersion: stateVersion } : {}) },
        data: { 'state.json': text, ...(stateText ? { 'state.json.prev': stateText } : {}) },
      }
      try {
        stateVersion = put(map, `write the deploy state (${where})`).metadata.resourceVersion
        stateText = text
      } catch (error) {
        if (error instanceof KubectlError && (error.failure === 'Conflict' || error.failure === 'AlreadyExists')) {
          throw new UserError(
            `${where} was changed by someone else at the same moment; nothing was overwritten: ${error.message}`,
          )
        }
        throw error
      }
    },
    acquireLock(holder, ttlMs, log) {
      const now = Date.now()
      const mine = newHolder(holder, ttlMs, now)
      const lease = readLease()
      const current = lease ? holderOfLease(lease) : undefined
      if (current?.runId === holder.runId) return
      if (current) {
        const gone = whyHolderIsGone(current, mine, now)
        if (gone === undefined) throw new UserError(heldBy(current))
        log.warning(
          `Taking over a stale deploy lock (Lease ${namespace}/${name}) held by ${current.owner} (run ${current.runId}): ${gone}`,
        )
      }
      try {
        put(leaseFor(mine, lease, now), `take the deploy lock (Lease ${namespace}/${name})`)
      } catch (error) {
        if (error instanceof KubectlError && (error.failure === 'Conflict' || error.failure === 'AlreadyExists')) {
          throw new UserError(
            `Another deploy took the lock (Lease ${namespace}/${name}) at the same moment; run again.`,
          )
        }
        throw error
      }
    },
    startHeartbeat(runId, log) {
      let lost = false
      let busy = false
      const timer = setInterval(() => {
        if (busy) return
        busy = true
        void (async () => {
          try {
            const lease = JSON.parse(
              await kubectl.run('renew the deploy lock', ['get', 'lease', name, '-o', 'json']),
            ) as Lease
            if (lease.spec.holderIdentity === runId) {
              lease.spec.renewTime = microTime(Date.now())
              await kubectl.run(
                'renew the deploy lock',
                ['replace', '--validate=false', '-f', '-', '-o', 'name'],
                JSON.stringify(lease),
              )
            } else if (!lost) {
              lost = true
              log.warning(
                `This run no longer holds the deploy lock (Lease ${namespace}/${name}${lease.spec.holderIdentity ? `, now held by run ${lease.spec.holderIdentity}` : ', released'}); another deploy may be changing traffic`,
              )
            }
          } catch (error) {
            // One missed renewal is not fatal: the Lease lasts for HEARTBEAT_EXPIRY_MS.
            log.warning(`Could not renew the deploy lock: ${error instanceof Error ? error.message : String(error)}`)
          } finally {
            busy = false
          }
        })()
      }, HEARTBEAT_INTERVAL_MS)
      timer.unref()
      return () => clearInterval(timer)
    },
    releaseLock(runId) {
      const lease = readLease()
      if (!lease || lease.spec.holderIdentity !== runId) return false
      // Released as leader election releases: the Lease stays, with no holder.
      const { holderIdentity: _holder, ...spec } = lease.spec
      try {
        put(
          { ...lease, spec: { ...spec, leaseDurationSeconds: 1 } },
          `release the deploy lock (Lease ${namespace}/${name})`,
        )
        return true
      } catch (error) {
        if (error instanceof KubectlError && error.failure === 'Conflict') return false
        throw error
      }
    },
  }
}
