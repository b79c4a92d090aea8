// A Kubernetes cluster simulated on this machine for the kubernetes provider's tests and bench:
// the API simulation (kube-api.ts) that the real kubectl drives, a controller that turns each
// Deployment's pods into real processes of examples/service (each on a loopback address of its
// own, ready when its /health answers), EndpointSlices that follow each Service's selector, and a
// real nginx whose upstream follows the public Service's ready endpoints, as kube-proxy would.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { repoRoot } from '../../tools/lib/action-yml.js'
import { ensureNode24 } from '../../tools/node24.js'
import { startKubeApi, type KubeApi, type KubeObject } from './kube-api.js'
import { proxyTo, startNginx, type Nginx } from './nginx.js'
import { freePort } from './test-service.js'

export interface ClusterOptions {
  /** The server's minor version: the machine's kubectl dispatcher picks its client from it. */
  minor: number
  /** The simulated registry: environment each image's container runs with (e.g. NEVER_READY). */
  images?: Record<string, Record<string, string>>
}

export interface Cluster {
  api: KubeApi
  kubeconfig: string
  /** Environment for kubectl and the action process: KUBECONFIG, and a HOME of its own. */
  env: Record<string, string>
  /** The public entrypoint: nginx in front of the Service's ready endpoints. */
  nginx: Nginx
  /** The container port every pod listens on. */
  port: number
  setImage(image: string, env: Record<string, string>): void
  /**
   * Creates the Service `app` (selecting blue) and the Deployments `app-blue` and `app-green`,
   * both scaled to 0, as a user sets them up before the first deploy (examples/k8s).
   */
  seed(options?: { progressDeadlineSeconds?: number; colorLabel?: string }): void
  /** The version the public entrypoint answers with, on a new connection. */
  publicVersion(): Promise<string | undefined>
  /** Versions of the running pod processes. */
  runningVersions(): string[]
  close(): Promise<void>
}

interface Pod {
  name: string
  namespace: string
  deployment: string
  hash: string
  ip: string
  version: string
  process: ChildProcess
  ready: boolean
  failures: number
  timer: NodeJS.Timeout
}

const tagOf = (image: string) => image.slice(image.lastIndexOf(':') + 1)

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const api = await startKubeApi({ minor: options.minor })
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-kube-'))
  const kubeconfig = join(dir, 'kubeconfig')
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: sim\n  cluster:\n    server: ${api.url}`,
      'users:',
      '- name: ci\n  user:\n    token: simulation',
      'contexts:',
      '- name: sim\n  context:\n    cluster: sim\n    user: ci\n    namespace: default',
      'current-context: sim',
      '',
    ].join('\n'),
  )
  const port = await freePort()
  const images = { ...options.images }
  const pods = new Map<string, Pod>()
  const node = ensureNode24()
  // Each cluster gets its own 127.x.y.0/24 corner of the loopback network, so pods of concurrent
  // test files never collide on address and port.
  const subnet = `127.${2 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`
  let nextHost = 1
  let podCount = 0
  let closing = false
  const progressAt = new Map<string, { generation: number; ready: number; at: number }>()

  const include = join(dir, 'endpoints.conf')
  writeFileSync(include, 'server 127.0.0.1:1 down;\n')
  const nginx = await startNginx(proxyTo(include, ['proxy_next_upstream error timeout http_502 http_503;']))

  const templateHash = (deployment: KubeObject) =>
    createHash('sha256')
      .update(JSON.stringify((deployment.spec as { template?: unknown }).template ?? {}))
      .digest('hex')
      .slice(0, 10)

  const stopPod = (pod: Pod) => {
    clearInterval(pod.timer)
    pods.delete(pod.name)
    try {
      api.remove('pods', pod.namespace, pod.name)
    } catch {
      // already gone
    }
    // Endpoints go first (the slice is rewritten on the pod's removal); the process gets a
    // moment for in-flight requests, as a preStop hook gives it.
    setTimeout(() => pod.process.kill('SIGTERM'), closing ? 0 : 1500).unref()
  }

  const podObject = (pod: Pod, deployment: KubeObject): KubeObject => {
    const template = (deployment.spec as { template: { metadata?: { labels?: Record<string, string> } } }).template
    return {
      metadata: {
        name: pod.name,
        namespace: pod.namespace,
        labels: { ...template.metadata?.labels, 'pod-template-hash': pod.hash },
        ownerReferences: [{ kind: 'ReplicaSet', name: `${pod.deployment}-${pod.hash}` }],
      },
      spec: (deployment.spec as { template: { spec?: unknown } }).template.spec,
      status: {
        phase: 'Running',
        podIP: pod.ip,
        conditions: [{ type: 'Ready', status: pod.ready ? 'True' : 'False' }],
      },
    }
  }

  const startPod = (deployment: KubeObject, hash: string) => {
    type Container = { image?: string; env?: Array<{ name: string; value?: string }> }
    const template = (deployment.spec as { template: { spec: { containers: Container[] } } }).template
    const container = template.spec.containers[0] ?? {}
    const image = container.image ?? ''
    const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? '']))
    const ip = `${subnet}.${nextHost++}`
    const version = tagOf(image)
    const child = spawn(node, ['--import', 'tsx', join(repoRoot, 'examples', 'service', 'src', 'main.ts')], {
      cwd: repoRoot,
      env: { ...process.env, VERSION: version, ...images[image], ...env, HOST: ip, PORT: String(port) },
      stdio: 'ignore',
    })
    const name = `${deployment.metadata.name}-${hash.slice(0, 5)}-${(++podCount).toString(36)}`
    const pod: Pod = {
      name,
      namespace: deployment.metadata.namespace ?? 'default',
      deployment: deployment.metadata.name,
      hash,
      ip,
      version,
      process: child,
      ready: false,
      failures: 0,
      timer: setInterval(() => void probePod(pod), 200),
    }
    pods.set(name, pod)
    api.create('pods', podObject(pod, deployment))
  }

  const probePod = async (pod: Pod) => {
    let healthy = false
    try {
      const response = await request(`http://${pod.ip}:${port}/health`, {
        headersTimeout: 1000,
        bodyTimeout: 1000,
        reset: true,
      })
      await response.body.dump()
      healthy = response.statusCode >= 200 && response.statusCode < 400
    } catch {
      healthy = false
    }
    if (!pods.has(pod.name)) return
    pod.failures = healthy ? 0 : pod.failures + 1
    // Ready after one success, not ready after three failures in a row: a readiness probe's defaults.
    const ready = healthy || (pod.ready && pod.failures < 3)
    if (ready === pod.ready) return
    pod.ready = ready
    const deployment = api.get('deployments', pod.namespace, pod.deployment)
    const object = api.get('pods', pod.namespace, pod.name)
    if (deployment && object) {
      object.status = podObject(pod, deployment).status
      api.update('pods', object)
    }
    reconcile()
  }

  const reconcileDeployment = (deployment: KubeObject) => {
    const spec = deployment.spec as { replicas?: number; progressDeadlineSeconds?: number }
    const desired = spec.replicas ?? 1
    const hash = templateHash(deployment)
    const own = [...pods.values()].filter(
      (pod) => pod.deployment === deployment.metadata.name && pod.namespace === deployment.metadata.namespace,
    )
    const current = own.filter((pod) => pod.hash === hash)
    const old = own.filter((pod) => pod.hash !== hash)
    for (let n = current.length; n < desired; n += 1) startPod(deployment, hash)
    for (const extra of current.slice(desired)) stopPod(extra)
    const updated = current.slice(0, desired)
    const readyNew = updated.filter((pod) => pod.ready).length
    // A surge rollout: the old pods go once every new one is ready.
    if (readyNew >= desired) for (const pod of old) stopPod(pod)
    const remaining = [...pods.values()].filter(
      (pod) => pod.deployment === deployment.metadata.name && pod.namespace === deployment.metadata.namespace,
    )
    const readyAll = remaining.filter((pod) => pod.ready).length
    const generation = deployment.metadata.generation ?? 1
    const name = `${deployment.metadata.namespace}/${deployment.metadata.name}`
    const progress = progressAt.get(name)
    if (!progress || progress.generation !== generation || progress.ready !== readyNew) {
      progressAt.set(name, { generation, ready: readyNew, at: Date.now() })
    }
    const since = progressAt.get(name)?.at ?? Date.now()
    const complete = readyNew >= desired && remaining.length === desired
    const deadline = (spec.progressDeadlineSeconds ?? 600) * 1000
    const progressing = complete
      ? { status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet has successfully progressed.` }
      : Date.now() - since > deadline
        ? { status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet has timed out progressing.` }
        : { status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet is progressing.` }
    const counts: Record<string, number> = {
      replicas: remaining.length,
      updatedReplicas: updated.length,
      readyReplicas: readyAll,
      availableReplicas: readyAll,
      unavailableReplicas: Math.max(0, desired - readyAll),
    }
    const status = {
      observedGeneration: generation,
      // A real API server omits zero counts from a Deployment's status.
      ...Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0)),
      conditions: [
        {
          type: 'Available',
          status: readyAll >= desired ? 'True' : 'False',
          reason: readyAll >= desired ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        },
        { type: 'Progressing', ...progressing },
      ],
    }
    if (JSON.stringify(deployment.status) !== JSON.stringify(status)) {
      api.update('deployments', { ...deployment, status }, { status: true })
    }
  }

  const reconcileService = (service: KubeObject) => {
    const selector = (service.spec as { selector?: Record<string, string> }).selector ?? {}
    const ports = (service.spec as { ports?: Array<{ name?: string; targetPort?: number; port: number }> }).ports ?? []
    const selected = Object.keys(selector).length
      ? [...pods.values()].filter((pod) => {
          const labels = api.get('pods', pod.namespace, pod.name)?.metadata.labels ?? {}
          return (
            pod.namespace === service.metadata.namespace && Object.entries(selector).every(([k, v]) => labels[k] === v)
          )
        })
      : []
    const endpoints = selected.map((pod) => ({
      addresses: [pod.ip],
      conditions: { ready: pod.ready, serving: pod.ready, terminating: false },
      targetRef: { kind: 'Pod', name: pod.name, namespace: pod.namespace },
    }))
    const name = `${service.metadata.name}-sim`
    const namespace = service.metadata.namespace ?? 'default'
    const slice: KubeObject = {
      metadata: {
        name,
        namespace,
        labels: {
          'kubernetes.io/service-name': service.metadata.name,
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        },
      },
      addressType: 'IPv4',
      // An empty slice has `endpoints: null`, as the real controller writes it.
      endpoints: endpoints.length ? endpoints : null,
      ports: ports.map((p) => ({ name: p.name ?? '', port: p.targetPort ?? p.port, protocol: 'TCP' })),
    }
    const existing = api.get('endpointslices', namespace, name)
    if (!existing) api.create('endpointslices', slice)
    else if (JSON.stringify([existing.endpoints, existing.ports]) !== JSON.stringify([slice.endpoints, slice.ports])) {
      api.update('endpointslices', {
        ...slice,
        metadata: { ...slice.metadata, resourceVersion: existing.metadata.resourceVersion },
      })
    }
    if (service.metadata.name === 'app')
      writeUpstream(endpoints.filter((e) => e.conditions.ready).map((e) => e.addresses[0] ?? ''))
  }

  let upstream = ''
  const writeUpstream = (ips: string[]) => {
    const text = ips.length ? ips.map((ip) => `server ${ip}:${port};`).join('\n') : 'server 127.0.0.1:1 down;'
    if (text === upstream) return
    upstream = text
    writeFileSync(include, `${text}\n`)
    if (!closing) nginx.reload()
  }

  // Jobs (a migration): each pod runs the container's command as a real process in
  // examples/service, as the example image's /app (`tsx` and `node` run under the Node 24 the
  // tests use), its output kept as the pod's log. The
  // controller's rules as far as shipgate reads them: backoffLimit (default 6) retries,
  // activeDeadlineSeconds, and the Complete / Failed conditions with their reasons.
  type JobContainer = {
    image?: string
    command?: string[]
    args?: string[]
    env?: Array<{ name: string; value?: string }>
  }
  const jobRuns = new Map<string, { pod: string; process: ChildProcess }>()
  const killPod = (child: ChildProcess | undefined) => {
    if (child?.pid === undefined || child.exitCode !== null) return
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  const jobKey = (job: KubeObject) => `${job.metadata.namespace ?? 'default'}/${job.metadata.name}`
  const setJobStatus = (job: KubeObject, status: Record<string, unknown>) => {
    const current = api.get('jobs', job.metadata.namespace, job.metadata.name)
    if (current)
      api.update('jobs', { ...current, status: { ...(current.status as object), ...status } }, { status: true })
  }
  const finishJob = (job: KubeObject, type: 'Complete' | 'Failed', reason: string, message: string) => {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    setJobStatus(job, {
      active: undefined,
      conditions: [{ type, status: 'True', reason, message, lastTransitionTime: now }],
      ...(type === 'Complete' ? { completionTime: now } : {}),
    })
  }
  const startJobPod = (job: KubeObject) => {
    const template = (
      job.spec as { template: { metadata?: { labels?: Record<string, string> }; spec: { containers: JobContainer[] } } }
    ).template
    const container = template.spec.containers[0] ?? {}
    const image = container.image ?? ''
    const [command = 'true', ...args] = [...(container.command ?? []), ...(container.args ?? [])]
    const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? '']))
    const namespace = job.metadata.namespace ?? 'default'
    const name = `${job.metadata.name}-${(++podCount).toString(36)}`
    // The image is examples/k8s/Dockerfile's: /app holds examples/service, and tsx is on PATH.
    const [file, argv] =
      command === 'tsx' ? [node, ['--import', 'tsx', ...args]] : [command === 'node' ? node : command, args]
    const child = spawn(file, argv, {
      cwd: join(repoRoot, 'examples', 'service'),
      env: { ...process.env, VERSION: tagOf(image), ...images[image], ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a killed pod takes its children (a `sleep` under `sh -c`) with it.
      detached: true,
    })
    let output = ''
    const keep = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      api.podLogs.set(`${namespace}/${name}`, output)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    jobRuns.set(jobKey(job), { pod: name, process: child })
    api.create('pods', {
      metadata: {
        name,
        namespace,
        labels: {
          ...template.metadata?.labels,
          'job-name': job.metadata.name,
          'batch.kubernetes.io/job-name': job.metadata.name,
        },
        ownerReferences: [{ kind: 'Job', name: job.metadata.name }],
      },
      spec: template.spec,
      status: { phase: 'Running' },
    })
    setJobStatus(job, { active: 1 })
    child.on('error', (error) => keep(Buffer.from(`exec ${command}: ${error.message}\n`)))
    child.on('exit', (code) => {
      if (jobRuns.get(jobKey(job))?.pod === name) jobRuns.delete(jobKey(job))
      const pod = api.get('pods', namespace, name)
      if (pod) api.update('pods', { ...pod, status: { phase: code === 0 ? 'Succeeded' : 'Failed' } })
      const current = api.get('jobs', namespace, job.metadata.name)
      if (!current || closing) return
      const status = (current.status ?? {}) as { failed?: number; conditions?: unknown[] }
      if (status.conditions?.length) return
      if (code === 0) {
        setJobStatus(current, { succeeded: 1, active: undefined })
        finishJob(current, 'Complete', 'Completed', 'Job completed')
      } else {
        setJobStatus(current, { failed: (status.failed ?? 0) + 1, active: undefined })
      }
      queueMicrotask(reconcile)
    })
  }
  const reconcileJob = (job: KubeObject) => {
    const status = (job.status ?? {}) as { startTime?: string; failed?: number; conditions?: unknown[] }
    if (status.conditions?.length) return
    const spec = job.spec as { backoffLimit?: number; activeDeadlineSeconds?: number }
    if (!status.startTime) return setJobStatus(job, { startTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') })
    const running = jobRuns.get(jobKey(job))
    const deadline = spec.activeDeadlineSeconds
    if (deadline !== undefined && Date.now() - Date.parse(status.startTime) > deadline * 1000) {
      killPod(running?.process)
      jobRuns.delete(jobKey(job))
      return finishJob(job, 'Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline')
    }
    if (running) return
    if ((status.failed ?? 0) > (spec.backoffLimit ?? 6)) {
      return finishJob(job, 'Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')
    }
    startJobPod(job)
  }
  const forgetJob = (job: KubeObject) => {
    killPod(jobRuns.get(jobKey(job))?.process)
    jobRuns.delete(jobKey(job))
    for (const pod of api.list('pods', job.metadata.namespace, `job-name=${job.metadata.name}`)) {
      api.remove('pods', pod.metadata.namespace ?? 'default', pod.metadata.name)
    }
  }

  let reconciling = false
  function reconcile() {
    if (reconciling || closing) return
    reconciling = true
    try {
      for (const deployment of api.list('deployments')) reconcileDeployment(deployment)
      for (const job of api.list('jobs')) reconcileJob(job)
      for (const service of api.list('services')) reconcileService(service)
    } finally {
      reconciling = false
    }
  }
  api.onChange((resource, object, type) => {
    if (resource === 'jobs' && type === 'DELETED') forgetJob(object)
    if (['deployments', 'services', 'pods', 'jobs'].includes(resource)) queueMicrotask(reconcile)
  })
  const tick = setInterval(reconcile, 250)

  const cluster: Cluster = {
    api,
    kubeconfig,
    env: { KUBECONFIG: kubeconfig, HOME: dir },
    nginx,
    port,
    setImage: (image, env) => void (images[image] = env),
    seed(seed = {}) {
      api.create('services', {
        metadata: { name: 'app', namespace: 'default' },
        spec: { selector: { app: 'app', color: 'blue' }, ports: [{ name: 'http', port: 80, targetPort: port }] },
      })
      for (const color of ['blue', 'green']) {
        const labels = { app: 'app', [seed.colorLabel ?? 'color']: color }
        api.create('deployments', {
          metadata: { name: `app-${color}`, namespace: 'default', labels },
          spec: {
            replicas: 0,
            selector: { matchLabels: labels },
            progressDeadlineSeconds: seed.progressDeadlineSeconds ?? 600,
            template: {
              metadata: { labels },
              spec: {
                containers: [
                  {
                    name: 'app',
                    image: 'example:none',
                    ports: [{ containerPort: port }],
                    readinessProbe: { httpGet: { path: '/health', port } },
                  },
                ],
              },
            },
          },
        })
      }
    },
    async publicVersion() {
      try {
        const response = await request(`${nginx.url}/health`, { reset: true })
        const header = response.headers['x-version']
        await response.body.dump()
        return typeof header === 'string' ? header : undefined
      } catch {
        return undefined
      }
    },
    runningVersions: () => [...pods.values()].map((pod) => pod.version).sort(),
    async close() {
      closing = true
      clearInterval(tick)
      for (const run of jobRuns.values()) killPod(run.process)
      for (const pod of [...pods.values()]) {
        clearInterval(pod.timer)
        pod.process.kill('SIGKILL')
      }
      pods.clear()
      await api.close()
      await nginx.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return cluster
}
