// A Kubernetes API server simulation that the real kubectl drives (no cluster can run on these
// machines): discovery, GET/LIST/WATCH with resourceVersion replay and 410 Gone, create, replace
// with 409 on a stale resourceVersion, merge / JSON / strategic-merge patch, the scale
// subresource, Status errors, and the faults a test injects (RBAC 403, a concurrent writer).
// It holds to the API facts the provider relies on (DESIGN.md "Kubernetes"): MicroTime on Leases,
// immutable Deployment selectors, generation bumped on spec changes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type KubeObject = {
  apiVersion?: string
  kind?: string
  metadata: {
    name: string
    namespace?: string
    resourceVersion?: string
    generation?: number
    uid?: string
    labels?: Record<string, string>
    annotations?: Record<string, string>
    creationTimestamp?: string
    [key: string]: unknown
  }
  [key: string]: unknown
}

interface Resource {
  group: string
  version: string
  name: string
  kind: string
  singular: string
  namespaced: boolean
  shortNames?: string[]
  subresources?: Array<{ name: string; kind: string; group?: string; version?: string; verbs: string[] }>
}

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']

export const RESOURCES: Resource[] = [
  {
    group: '',
    version: 'v1',
    name: 'namespaces',
    kind: 'Namespace',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
  },
  {
    group: '',
    version: 'v1',
    name: 'services',
    kind: 'Service',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
  },
  {
    group: '',
    version: 'v1',
    name: 'pods',
    kind: 'Pod',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    subresources: [{ name: 'log', kind: 'Pod', verbs: ['get'] }],
  },
  {
    group: 'batch',
    version: 'v1',
    name: 'jobs',
    kind: 'Job',
    singular: 'job',
    namespaced: true,
    subresources: [{ name: 'status', kind: 'Job', verbs: ['get', 'patch', 'update'] }],
  },
  {
    group: '',
    version: 'v1',
    name: 'configmaps',
    kind: 'ConfigMap',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    group: 'apps',
    version: 'v1',
    name: 'deployments',
    kind: 'Deployment',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    subresources: [
      { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
      { name: 'status', kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
    ],
  },
  {
    group: 'discovery.k8s.io',
    version: 'v1',
    name: 'endpointslices',
    kind: 'EndpointSlice',
    singular: 'endpointslice',
    namespaced: true,
  },
  { group: 'coordination.k8s.io', version: 'v1', name: 'leases', kind: 'Lease', singular: 'lease', namespaced: true },
]

export interface Request {
  verb: string
  resource: string
  namespace: string | undefined
  name: string | undefined
  contentType: string | undefined
}

interface WatchEvent {
  rv: number
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  resource: Resource
  object: KubeObject
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

/** A Lease's acquireTime and renewTime: RFC 3339 with exactly six fractional digits. */
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/

const clone = <T>(value: T): T => structuredClone(value)
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch)
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(result, key)
    else result[key] = mergePatch(result[key], value)
  }
  return result
}

/** Strategic merge as the API server applies it to the lists this simulation holds: by `name`. */
function strategicPatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch) && Array.isArray(target) && patch.every((item) => isObject(item) && 'name' in item)) {
    const result = target.map((item) => clone(item) as Record<string, unknown>)
    for (const item of patch as Array<Record<string, unknown>>) {
      const index = result.findIndex((existing) => existing.name === item.name)
      if (item.$patch === 'delete') {
        if (index >= 0) result.splice(index, 1)
      } else if (index >= 0) result[index] = strategicPatch(result[index], item) as Record<string, unknown>
      else result.push(clone(item))
    }
    return result
  }
  if (!isObject(patch)) return clone(patch)
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue
    if (value === null) Reflect.deleteProperty(result, key)
    else result[key] = strategicPatch(result[key], value)
  }
  return result
}

function jsonPointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
}

function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new ApiError(400, 'BadRequest', 'the JSON patch is not an array of operations')
  const document = clone(target) as Record<string, unknown>
  for (const operation of operations as Array<{ op: string; path: string; value?: unknown }>) {
    const parts = jsonPointer(operation.path)
    const last = parts.pop() ?? ''
    let parent: unknown = document
    for (const part of parts) parent = (parent as Record<string, unknown>)?.[part]
    if (typeof parent !== 'object' || parent === null) {
      throw new ApiError(422, 'Invalid', `the JSON patch path ${operation.path} does not exist`)
    }
    const container = parent as Record<string, unknown>
    switch (operation.op) {
      case 'add':
      case 'replace':
        if (Array.isArray(container)) {
          const list = container as unknown[]
          const index = last === '-' ? list.length : Number(last)
          if (operation.op === 'add') list.splice(index, 0, operation.value)
          else list[index] = operation.value
        } else container[last] = operation.value
        break
      case 'remove':
        if (Array.isArray(container)) (container as unknown[]).splice(Number(last), 1)
        else Reflect.deleteProperty(container, last)
        break
      case 'test':
        if (JSON.stringify(container[last]) !== JSON.stringify(operation.value)) {
          throw new ApiError(422, 'Invalid', `the JSON patch test at ${operation.path} failed`)
        }
        break
      default:
        throw new ApiError(400, 'BadRequest', `unsupported JSON patch operation ${operation.op}`)
    }
  }
  return document
}

/** `a=b,c!=d,e in (x,y),f,!g` */
export function matchesLabels(labels: Record<string, string> | undefined, selector: string | null): boolean {
  if (!selector) return true
  const own = labels ?? {}
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? []
  return terms.every((raw) => {
    const term = raw.trim()
    const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term)
    if (set) {
      const values = (set[3] ?? '').split(',').map((value) => value.trim())
      const has = values.includes(own[set[1] ?? ''] ?? '\0')
      return set[2] === 'in' ? has : !has
    }
    const inequality = /^([\w./-]+)\s*!=\s*(.*)$/.exec(term)
    if (inequality) return own[inequality[1] ?? ''] !== inequality[2]
    const equality = /^([\w./-]+)\s*==?\s*(.*)$/.exec(term)
    if (equality) return own[equality[1] ?? ''] === equality[2]
    if (term.startsWith('!')) return !(term.slice(1) in own)
    return term in own
  })
}

function matchesFields(object: KubeObject, selector: string | null): boolean {
  if (!selector) return true
  return selector.split(',').every((term) => {
    const [path, value] = term.split(/!?==?/)
    const negate = term.includes('!=')
    const actual =
      path === 'metadata.name'
        ? object.metadata.name
        : path === 'metadata.namespace'
          ? object.metadata.namespace
          : undefined
    return negate ? actual !== value : actual === value
  })
}

export interface RoleRule {
  apiGroups: string[]
  resources: string[]
  verbs: string[]
}

export interface KubeApi {
  url: string
  port: number
  /** Every request served, in order: what kubectl asked for. */
  requests: Request[]
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined
  list(resource: string, namespace?: string, labelSelector?: string): KubeObject[]
  /** Writes as another client would (a controller, a person with kubectl), with the same rules. */
  create(resource: string, object: KubeObject): KubeObject
  update(resource: string, object: KubeObject, options?: { status?: boolean }): KubeObject
  remove(resource: string, namespace: string, name: string): void
  /** Called after every change, for the controller. */
  onChange(listener: (resource: string, object: KubeObject, type: WatchEvent['type']) => void): void
  /** RBAC: `verb` on `resource` (e.g. 'patch', 'services') answers 403 until allowed again. */
  forbid(verb: string, resource: string): void
  allow(verb: string, resource: string): void
  /** RBAC as a Role grants it: from now on, only requests these rules allow are served. */
  restrictTo(rules: RoleRule[]): void
  /** After a GET of this object (the next one for which `when` holds), someone else changes it. */
  interfereAfterGet(resource: string, name: string, change: (object: KubeObject) => void, when?: () => boolean): void
  /** Forgets the watch history: a watch from an older resourceVersion gets 410 Gone. */
  compact(): void
  /** What `kubectl logs` of a pod answers (the controller keeps each pod's output here). */
  podLogs: Map<string, string>
  /** Stops answering (connections refused), as an unreachable API server. */
  close(): Promise<void>
}

export async function startKubeApi(options: { minor: number }): Promise<KubeApi> {
  const objects = new Map<string, KubeObject>()
  const key = (resource: string, namespace: string | undefined, name: string) =>
    `${resource}|${namespace ?? ''}|${name}`
  let revision = 1
  let events: WatchEvent[] = []
  let compactedAt = 0
  const watchers = new Set<(event: WatchEvent) => void>()
  const listeners: Array<(resource: string, object: KubeObject, type: WatchEvent['type']) => void> = []
  const forbidden = new Set<string>()
  let role: RoleRule[] | undefined
  const interference = new Map<string, { change: (object: KubeObject) => void; when: () => boolean }>()
  const requests: Request[] = []
  const podLogs = new Map<string, string>()
  let uid = 0

  const resourceNamed = (name: string): Resource => {
    const found = RESOURCES.find((resource) => resource.name === name)
    if (!found) throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${name})`)
    return found
  }
  const groupResource = (resource: Resource) => (resource.group ? `${resource.name}.${resource.group}` : resource.name)
  const notFound = (resource: Resource, name: string) =>
    new ApiError(404, 'NotFound', `${groupResource(resource)} "${name}" not found`, {
      name,
      group: resource.group,
      kind: resource.name,
    })

  const record = (resource: Resource, type: WatchEvent['type'], object: KubeObject) => {
    const event = { rv: revision, type, resource, object: clone(object) }
    events.push(event)
    if (events.length > 2000) events = events.slice(-1000)
    for (const watcher of watchers) watcher(event)
    for (const listener of listeners) listener(resource.name, clone(object), type)
  }

  const validate = (resource: Resource, object: KubeObject, old: KubeObject | undefined) => {
    if (resource.name === 'leases') {
      const spec = (object.spec ?? {}) as Record<string, unknown>
      for (const field of ['acquireTime', 'renewTime']) {
        const value = spec[field]
        if (value !== undefined && (typeof value !== 'string' || !MICRO_TIME.test(value))) {
          throw new ApiError(
            400,
            'BadRequest',
            `Lease in version "v1" cannot be handled as a Lease: parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05.000000Z07:00": cannot parse`,
          )
        }
      }
    }
    if (resource.name === 'jobs') {
      const template = ((object.spec as Record<string, unknown> | undefined)?.template ?? {}) as {
        spec?: { restartPolicy?: string; containers?: unknown[] }
      }
      const policy = template.spec?.restartPolicy
      if (policy !== 'Never' && policy !== 'OnFailure') {
        throw new ApiError(
          422,
          'Invalid',
          `Job.batch "${object.metadata.name}" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`,
        )
      }
      if (
        old &&
        JSON.stringify((old.spec as Record<string, unknown>)?.template) !==
          JSON.stringify((object.spec as Record<string, unknown>)?.template)
      ) {
        throw new ApiError(
          422,
          'Invalid',
          `Job.batch "${object.metadata.name}" is invalid: spec.template: field is immutable`,
        )
      }
    }
    if (resource.name === 'deployments' && old) {
      const before = JSON.stringify((old.spec as Record<string, unknown>)?.selector)
      const after = JSON.stringify((object.spec as Record<string, unknown>)?.selector)
      if (before !== after) {
        throw new ApiError(
          422,
          'Invalid',
          `Deployment.apps "${object.metadata.name}" is invalid: spec.selector: Invalid value: ${after}: field is immutable`,
        )
      }
    }
  }

  const store = (resource: Resource, object: KubeObject, old: KubeObject | undefined, status: boolean): KubeObject => {
    validate(resource, object, old)
    const next = clone(object)
    next.apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version
    next.kind = resource.kind
    if (old) {
      next.metadata.uid = old.metadata.uid
      next.metadata.creationTimestamp = old.metadata.creationTimestamp
      if (resource.name === 'deployments' || resource.name === 'jobs') {
        // The status belongs to the controller, the spec to everyone else.
        if (status) next.spec = old.spec
        else next.status = old.status
        const specChanged = JSON.stringify(old.spec) !== JSON.stringify(next.spec)
        next.metadata.generation = (old.metadata.generation ?? 1) + (specChanged ? 1 : 0)
      }
    } else {
      next.metadata.uid = `uid-${++uid}`
      next.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
      if (resource.name === 'deployments') next.metadata.generation = 1
    }
    next.metadata.resourceVersion = String(++revision)
    objects.set(key(resource.name, next.metadata.namespace, next.metadata.name), next)
    record(resource, old ? 'MODIFIED' : 'ADDED', next)
    return clone(next)
  }

  const namespaceExists = (namespace: string | undefined) =>
    namespace === undefined || objects.has(key('namespaces', undefined, namespace))

  const api = {
    get(resourceName: string, namespace: string | undefined, name: string) {
      const found = objects.get(key(resourceName, namespace, name))
      return found ? clone(found) : undefined
    },
    list(resourceName: string, namespace?: string, labelSelector?: string) {
      return [...objects.values()]
        .filter((object) => objects.get(key(resourceName, object.metadata.namespace, object.metadata.name)) === object)
        .filter((object) => namespace === undefined || object.metadata.namespace === namespace)
        .filter((object) => matchesLabels(object.metadata.labels, labelSelector ?? null))
        .map(clone)
    },
    create(resourceName: string, object: KubeObject) {
      const resource = resourceNamed(resourceName)
      const namespace = resource.namespaced ? object.metadata.namespace : undefined
      if (!namespaceExists(namespace)) throw new ApiError(404, 'NotFound', `namespaces "${namespace}" not found`)
      if (objects.has(key(resourceName, namespace, object.metadata.name))) {
        throw new ApiError(409, 'AlreadyExists', `${groupResource(resource)} "${object.metadata.name}" already exists`)
      }
      const fresh = clone(object)
      delete fresh.metadata.resourceVersion
      return store(resource, fresh, undefined, false)
    },
    update(resourceName: string, object: KubeObject, options: { status?: boolean } = {}) {
      const resource = resourceNamed(resourceName)
      const old = objects.get(key(resourceName, object.metadata.namespace, object.metadata.name))
      if (!old) throw notFound(resource, object.metadata.name)
      const expected = object.metadata.resourceVersion
      if (expected !== undefined && expected !== '' && expected !== old.metadata.resourceVersion) {
        throw new ApiError(
          409,
          'Conflict',
          `Operation cannot be fulfilled on ${groupResource(resource)} "${object.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
        )
      }
      return store(resource, object, old, options.status ?? false)
    },
    remove(resourceName: string, namespace: string, name: string) {
      const resource = resourceNamed(resourceName)
      const old = objects.get(key(resourceName, namespace, name))
      if (!old) throw notFound(resource, name)
      objects.delete(key(resourceName, namespace, name))
      revision += 1
      record(resource, 'DELETED', { ...old, metadata: { ...old.metadata, resourceVersion: String(revision) } })
    },
    onChange(listener: (resource: string, object: KubeObject, type: WatchEvent['type']) => void) {
      listeners.push(listener)
    },
    forbid: (verb: string, resource: string) => void forbidden.add(`${verb} ${resource}`),
    allow: (verb: string, resource: string) => void forbidden.delete(`${verb} ${resource}`),
    restrictTo: (rules: RoleRule[]) => void (role = rules),
    interfereAfterGet: (resource: string, name: string, change: (object: KubeObject) => void, when = () => true) =>
      void interference.set(`${resource}|${name}`, { change, when }),
    compact() {
      compactedAt = revision
      events = []
    },
  }
  api.create('namespaces', { metadata: { name: 'default' } })

  const discovery = (path: string): unknown => {
    if (path === '/version') {
      return {
        major: '1',
        minor: String(options.minor),
        gitVersion: `v1.${options.minor}.0`,
        gitCommit: 'shipgate-simulation',
        gitTreeState: 'clean',
        buildDate: '2026-01-01T00:00:00Z',
        goVersion: 'go1.22',
        compiler: 'gc',
        platform: 'linux/amd64',
      }
    }
    if (path === '/api') {
      return {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '' }],
      }
    }
    const groups = [...new Set(RESOURCES.filter((r) => r.group).map((r) => `${r.group}/${r.version}`))]
    if (path === '/apis') {
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((groupVersion) => {
          const [name, version] = groupVersion.split('/')
          const versions = [{ groupVersion, version }]
          return { name, versions, preferredVersion: versions[0] }
        }),
      }
    }
    const match = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path)
    if (!match) return undefined
    const group = match[2] ?? ''
    const version = match[1] ?? match[3] ?? ''
    const resources = RESOURCES.filter((r) => r.group === group && r.version === version)
    if (resources.length === 0) return undefined
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: group ? `${group}/${version}` : version,
      resources: resources.flatMap((r) => [
        {
          name: r.name,
          singularName: r.singular,
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: VERBS,
          ...(r.shortNames ? { shortNames: r.shortNames } : {}),
        },
        ...(r.subresources ?? []).map((sub) => ({
          name: `${r.name}/${sub.name}`,
          singularName: '',
          namespaced: r.namespaced,
          kind: sub.kind,
          verbs: sub.verbs,
          ...(sub.group ? { group: sub.group, version: sub.version } : {}),
        })),
      ]),
    }
  }

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      req.on('error', reject)
    })

  const send = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const status = (error: ApiError) => ({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: error.message,
    reason: error.reason,
    details: error.details,
    code: error.code,
  })

  const scaleOf = (deployment: KubeObject) => {
    const spec = deployment.spec as { replicas?: number; selector?: { matchLabels?: Record<string, string> } }
    const labels = spec.selector?.matchLabels ?? {}
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { ...deployment.metadata },
      spec: { replicas: spec.replicas ?? 1 },
      status: {
        replicas: (deployment.status as { replicas?: number } | undefined)?.replicas ?? 0,
        selector: Object.entries(labels)
          .map(([name, value]) => `${name}=${value}`)
          .join(','),
      },
    }
  }

  const watch = (
    req: IncomingMessage,
    res: ServerResponse,
    resource: Resource,
    namespace: string | undefined,
    params: URLSearchParams,
  ) => {
    const labelSelector = params.get('labelSelector')
    const fieldSelector = params.get('fieldSelector')
    const wanted = (event: WatchEvent) =>
      event.resource === resource &&
      (namespace === undefined || event.object.metadata.namespace === namespace) &&
      matchesLabels(event.object.metadata.labels, labelSelector) &&
      matchesFields(event.object, fieldSelector)
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' })
    // A real API server answers a watch at once; a client waits for these headers before it
    // reads events, so holding them until the first event would stall it.
    res.flushHeaders()
    const write = (type: string, object: unknown) => res.write(`${JSON.stringify({ type, object })}\n`)
    const from = params.get('resourceVersion')
    if (from && from !== '0' && Number(from) < compactedAt) {
      const gone = new ApiError(410, 'Expired', `too old resource version: ${from} (${compactedAt})`)
      write('ERROR', status(gone))
      res.end()
      return
    }
    if (!from || from === '0') {
      for (const object of api.list(resource.name, namespace, labelSelector ?? undefined)) {
        if (matchesFields(object, fieldSelector)) write('ADDED', object)
      }
    } else {
      for (const event of events.filter((event) => event.rv > Number(from) && wanted(event)))
        write(event.type, event.object)
    }
    const watcher = (event: WatchEvent) => {
      if (wanted(event)) write(event.type, event.object)
    }
    watchers.add(watcher)
    const timeout = Number(params.get('timeoutSeconds') ?? '1800')
    const timer = setTimeout(() => res.end(), timeout * 1000)
    const stop = () => {
      clearTimeout(timer)
      watchers.delete(watcher)
    }
    req.on('close', stop)
    res.on('close', stop)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulation')
    const info = discovery(url.pathname)
    if (req.method === 'GET' && info !== undefined) return send(res, 200, info)
    const match =
      /^\/(?:api\/v1|apis\/([^/]+)\/v1)(?:\/namespaces\/([^/]+)(?=\/))?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(
        url.pathname,
      )
    if (!match) {
      if (process.env.KUBE_SIM_DEBUG) console.error('unmatched', req.method, url.pathname)
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource')
    }
    const [, group = '', namespace, resourceName = '', name, subresource] = match
    const resource = resourceNamed(resourceName)
    if (resource.group !== group)
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource')
    const body = await readBody(req)
    const params = url.searchParams
    const isWatch = params.get('watch') === 'true' || params.get('watch') === '1'
    const verb = {
      GET: name ? 'get' : isWatch ? 'watch' : 'list',
      POST: 'create',
      PUT: 'update',
      PATCH: 'patch',
      DELETE: 'delete',
    }[req.method ?? 'GET']
    if (!verb) throw new ApiError(405, 'MethodNotAllowed', `${req.method} is not supported`)
    const contentType = req.headers['content-type']
    requests.push({
      verb,
      resource: subresource ? `${resourceName}/${subresource}` : resourceName,
      namespace,
      name,
      contentType,
    })
    const rbacResource = subresource ? `${resourceName}/${subresource}` : resourceName
    const granted =
      !role ||
      role.some(
        (rule) => rule.apiGroups.includes(group) && rule.resources.includes(rbacResource) && rule.verbs.includes(verb),
      )
    if (forbidden.has(`${verb} ${rbacResource}`) || !granted) {
      throw new ApiError(
        403,
        'Forbidden',
        `${groupResource(resource)}${name ? ` "${name}"` : ''} is forbidden: User "system:serviceaccount:ci:shipgate" cannot ${verb} resource "${rbacResource}" in API group "${group}"${namespace ? ` in the namespace "${namespace}"` : ''}`,
        { name, group, kind: resourceName },
      )
    }
    if (resource.namespaced && namespace && !namespaceExists(namespace) && verb !== 'list') {
      throw new ApiError(404, 'NotFound', `namespaces "${namespace}" not found`)
    }
    if (verb === 'watch') return watch(req, res, resource, namespace, params)
    if (verb === 'list') {
      const items = api
        .list(resourceName, namespace, params.get('labelSelector') ?? undefined)
        .filter((object) => matchesFields(object, params.get('fieldSelector')))
      return send(res, 200, {
        kind: `${resource.kind}List`,
        apiVersion: resource.group ? `${resource.group}/${resource.version}` : resource.version,
        metadata: { resourceVersion: String(revision) },
        items,
      })
    }
    const parsed = body ? (JSON.parse(body) as unknown) : undefined
    if (verb === 'create') {
      const object = parsed as KubeObject
      if (!isObject(object) || !isObject(object.metadata))
        throw new ApiError(400, 'BadRequest', 'the body is not an object')
      const created = api.create(resourceName, { ...object, metadata: { ...object.metadata, namespace } })
      return send(res, 201, created)
    }
    const current = objects.get(key(resourceName, namespace, name ?? ''))
    if (!current) throw notFound(resource, name ?? '')
    if (verb === 'get' && subresource === 'log') {
      const text = podLogs.get(`${namespace}/${name}`) ?? ''
      const tail = Number(params.get('tailLines') ?? Number.NaN)
      const lines = text.split('\n').filter(Boolean)
      res.writeHead(200, { 'content-type': 'text/plain' })
      return void res.end(`${(Number.isFinite(tail) ? lines.slice(-tail) : lines).join('\n')}\n`)
    }
    if (verb === 'get') {
      const interfere = interference.get(`${resourceName}|${name}`)
      send(res, 200, subresource === 'scale' ? scaleOf(current) : current)
      if (interfere?.when()) {
        interference.delete(`${resourceName}|${name}`)
        const changed = clone(current)
        interfere.change(changed)
        api.update(resourceName, changed)
      }
      return
    }
    if (verb === 'delete') {
      api.remove(resourceName, namespace ?? '', name ?? '')
      return send(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Success',
        details: { name, kind: resourceName },
      })
    }
    // update and patch: on the object, its status, or its scale
    const base = subresource === 'scale' ? scaleOf(current) : clone(current)
    let next: KubeObject
    if (verb === 'update') next = parsed as KubeObject
    else if (contentType?.startsWith('application/merge-patch+json')) next = mergePatch(base, parsed) as KubeObject
    else if (contentType?.startsWith('application/strategic-merge-patch+json'))
      next = strategicPatch(base, parsed) as KubeObject
    else if (contentType?.startsWith('application/json-patch+json')) next = jsonPatch(base, parsed) as KubeObject
    else
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format: ${contentType}`,
      )
    if (!isObject(next) || !isObject(next.metadata)) throw new ApiError(400, 'BadRequest', 'the body is not an object')
    if (subresource === 'scale') {
      const replicas = (next.spec as { replicas?: number } | undefined)?.replicas
      const deployment = clone(current)
      ;(deployment.spec as Record<string, unknown>).replicas = replicas
      deployment.metadata.resourceVersion = next.metadata.resourceVersion
      return send(res, 200, scaleOf(api.update(resourceName, deployment)))
    }
    next.metadata = { ...next.metadata, name: current.metadata.name, namespace: current.metadata.namespace }
    return send(res, 200, api.update(resourceName, next, { status: subresource === 'status' }))
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end()
      const apiError =
        error instanceof ApiError
          ? error
          : error instanceof SyntaxError
            ? new ApiError(400, 'BadRequest', `the body is not JSON: ${error.message}`)
            : new ApiError(500, 'InternalError', error instanceof Error ? error.message : String(error))
      send(res, apiError.code, status(apiError))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    podLogs,
    ...api,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
