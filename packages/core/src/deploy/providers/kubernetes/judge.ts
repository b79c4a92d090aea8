// Pure judgments over the objects kubectl returns: is a color's Deployment ready for traffic, and
// does the Service now send traffic only to that color's ready pods.

export interface Deployment {
  metadata: { name: string; namespace?: string; generation?: number; resourceVersion?: string }
  spec: {
    replicas?: number
    selector?: { matchLabels?: Record<string, string> }
    template?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }
      spec?: { containers?: Array<{ name: string; image?: string }> }
    }
  }
  status?: {
    observedGeneration?: number
    replicas?: number
    updatedReplicas?: number
    readyReplicas?: number
    availableReplicas?: number
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>
  }
}

export type Rollout =
  { state: 'ready'; replicas: number } | { state: 'waiting'; why: string } | { state: 'failed'; why: string }

/**
 * Ready for traffic, as `kubectl rollout status` judges a Deployment and stricter: at least one
 * replica, the controller has seen the latest spec, and every pod is updated and available (no
 * pod of the color's previous version left). A rollout past its progress deadline fails at once.
 */
export function judgeRollout(deployment: Deployment): Rollout {
  const name = deployment.metadata.name
  const status = deployment.status ?? {}
  const stuck = status.conditions?.find(
    (condition) => condition.type === 'Progressing' && condition.reason === 'ProgressDeadlineExceeded',
  )
  if (stuck) {
    return {
      state: 'failed',
      why: `Deployment ${name} exceeded its progress deadline: ${stuck.message ?? 'no progress'}`,
    }
  }
  const wanted = deployment.spec.replicas ?? 1
  if (wanted < 1) return { state: 'waiting', why: `Deployment ${name} is scaled to 0` }
  if ((deployment.metadata.generation ?? 0) > (status.observedGeneration ?? 0)) {
    return { state: 'waiting', why: `the controller has not yet seen Deployment ${name}'s latest spec` }
  }
  // A real API server omits zero counts: absent means 0.
  const counts = {
    updated: status.updatedReplicas ?? 0,
    total: status.replicas ?? 0,
    available: status.availableReplicas ?? 0,
  }
  if (counts.updated < wanted) return { state: 'waiting', why: `${counts.updated} of ${wanted} pods updated` }
  if (counts.total > wanted) return { state: 'waiting', why: `${counts.total - wanted} old pods still terminating` }
  if (counts.available < wanted) return { state: 'waiting', why: `${counts.available} of ${wanted} pods available` }
  return { state: 'ready', replicas: wanted }
}

export interface EndpointSlice {
  endpoints: Array<{
    addresses?: string[]
    conditions?: { ready?: boolean | null }
    targetRef?: { kind?: string; name?: string }
  }> | null
}

/**
 * Whether the Service's EndpointSlices send traffic only to `pods` (the new color's): every ready
 * endpoint is one of them, and at least `minimum` are ready. Returns why not, or undefined.
 */
export function judgeEndpoints(slices: EndpointSlice[], pods: Set<string>, minimum: number): string | undefined {
  // A ready condition that is absent counts as ready (the API's rule for consumers).
  const ready = slices
    .flatMap((slice) => slice.endpoints ?? [])
    .filter((endpoint) => endpoint.conditions?.ready !== false)
  const strangers = ready.filter((endpoint) => !pods.has(endpoint.targetRef?.name ?? ''))
  if (strangers.length > 0) {
    return `${strangers.length} ready endpoint(s) still belong to other pods (${strangers
      .slice(0, 3)
      .map((endpoint) => endpoint.targetRef?.name ?? endpoint.addresses?.[0] ?? '?')
      .join(', ')})`
  }
  if (ready.length < minimum) return `${ready.length} of ${minimum} endpoints of the new color are ready`
  return undefined
}
