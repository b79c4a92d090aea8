// provider: kubernetes end to end: the committed bundles of blue-green-deploy and rollback drive
// the machine's real kubectl against the API simulation (tests/harness/kube-cluster.ts), whose
// pods are real processes of examples/service behind a real nginx that follows the Service's
// EndpointSlices. What only a real cluster shows runs in .github/workflows/k8s-e2e.yml (kind).
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { microTime } from '@shipgate/core/deploy'
import { startCluster, type Cluster } from './harness/kube-cluster.js'
import { deploy, documentedRole, kubectl, rollback, selector, state, writes } from './harness/kube-deploy.js'
import { underLoad } from './harness/load.js'

let cluster: Cluster | undefined
afterEach(async () => {
  await cluster?.close()
  cluster = undefined
})

async function clusterOf(minor = 33, images: Record<string, Record<string, string>> = {}): Promise<Cluster> {
  cluster = await startCluster({ minor, images })
  return cluster
}

describe.each([28, 33])('blue-green-deploy on Kubernetes (kubectl 1.%i)', (minor) => {
  it('deploys v1, then v2 under 200 req/s with zero failed requests; rollback goes back to v1; with only the documented Role', async () => {
    const c = await clusterOf(minor)
    c.seed()
    c.api.restrictTo(documentedRole())
    await expect(kubectl(c, ['delete', 'service', 'app'])).rejects.toThrow(/Forbidden/)
    const first = await deploy(c, 'v1')
    expect(first.main.errors).toEqual([])
    expect(first.main.exitCode).toBe(0)
    expect(first.main.outputs).toMatchObject({ 'active-color': 'blue', version: 'v1', phase: 'complete' })
    expect(await c.publicVersion()).toBe('v1')

    const [second, load] = await underLoad(`${c.nginx.url}/health`, 200, () => deploy(c, 'v2'))
    expect(second.main.errors).toEqual([])
    expect(second.main.outputs).toMatchObject({
      'active-color': 'green',
      version: 'v2',
      'previous-version': 'v1',
      phase: 'complete',
    })
    expect(load.total.requests).toBeGreaterThan(300)
    expect(load.total.failuresByCause).toEqual({})
    expect(await c.publicVersion()).toBe('v2')
    // The switch is one Service patch, carrying the annotations; the state is in the ConfigMap.
    expect(selector(c)).toEqual({ app: 'app', color: 'green' })
    expect(c.api.get('services', 'default', 'app')?.metadata.annotations).toMatchObject({
      'shipgate.dev/color': 'green',
      'shipgate.dev/version': 'v2',
    })
    expect(state(c)).toMatchObject({ active: 'green', current: { phase: 'complete' } })
    // The lock is released: the Lease stays, with no holder.
    expect(
      (c.api.get('leases', 'default', 'shipgate-app')?.spec as { holderIdentity?: string }).holderIdentity,
    ).toBeUndefined()
    // keep-previous: blue still runs v1, ready for an instant rollback.
    expect(c.runningVersions()).toEqual(['v1', 'v1', 'v2', 'v2'])

    const back = await rollback(c)
    expect(back.main.errors).toEqual([])
    expect(back.main.outputs).toMatchObject({ 'rolled-back': 'true', 'active-color': 'blue', 'restored-version': 'v1' })
    expect(await c.publicVersion()).toBe('v1')
    expect(selector(c)).toEqual({ app: 'app', color: 'blue' })
  }, 240_000)
})

describe('blue-green-deploy on Kubernetes: what never gets traffic', () => {
  it('a version that never becomes ready fails at its progress deadline; the Service is never patched', async () => {
    const c = await clusterOf(33, { 'example:v2': { NEVER_READY: 'true' } })
    c.seed({ progressDeadlineSeconds: 3 })
    expect((await deploy(c, 'v1')).main.exitCode).toBe(0)
    const patchesBefore = writes(c).filter((r) => r.resource === 'services').length
    const second = await deploy(c, 'v2')
    expect(second.main.exitCode).toBe(1)
    expect(second.main.errors.map((e) => e.message).join('\n')).toMatch(
      /v2 on green did not pass verification, so it never received traffic: Deployment app-green exceeded its progress deadline/,
    )
    expect(writes(c).filter((r) => r.resource === 'services').length).toBe(patchesBefore)
    expect(selector(c)).toMatchObject({ color: 'blue' })
    expect(await c.publicVersion()).toBe('v1')
    // The failed color is scaled back to 0.
    expect((c.api.get('deployments', 'default', 'app-green')?.spec as { replicas: number }).replicas).toBe(0)
    expect(state(c)).toMatchObject({ active: 'blue', current: { phase: 'failed' } })
  }, 180_000)
})

describe('blue-green-deploy on Kubernetes: deploy-command (helm and the like)', () => {
  it('runs the command with BG_NAMESPACE and BG_DEPLOYMENT instead of setting an image, and still gates on the rollout', async () => {
    const c = await clusterOf()
    c.seed()
    const patch = `{"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"app","image":"example:'"$BG_VERSION"'"}]}}}}`
    const run = await deploy(c, 'v7', {
      'kubernetes-image': '',
      'deploy-command': `kubectl patch deployment "$BG_DEPLOYMENT" --namespace "$BG_NAMESPACE" --type=strategic -p '${patch}'`,
    })
    expect(run.main.errors).toEqual([])
    expect(run.main.outputs).toMatchObject({ 'active-color': 'blue', version: 'v7', phase: 'complete' })
    expect(run.main.stdout).toContain('deployment.apps/app-blue patched')
    expect(await c.publicVersion()).toBe('v7')
  }, 90_000)
})

describe('blue-green-deploy on Kubernetes: the Service is the truth', () => {
  const pointAt = (c: Cluster, color: string) => {
    const service = c.api.get('services', 'default', 'app')
    if (!service) throw new Error('no Service')
    ;(service.spec as { selector: Record<string, string> }).selector.color = color
    c.api.update('services', service)
  }

  it('a verified color someone switched to by hand becomes the active one; the next deploy goes to the other', async () => {
    const c = await clusterOf()
    c.seed()
    expect((await deploy(c, 'v1')).main.exitCode).toBe(0)
    expect((await deploy(c, 'v2')).main.exitCode).toBe(0)
    pointAt(c, 'blue') // a person rolls back with kubectl
    const third = await deploy(c, 'v3')
    expect(third.main.errors).toEqual([])
    expect(third.main.warnings.map((w) => w.message)).toContain(
      'Service default/app selects blue (v1), not green (v2) as the deploy state recorded: traffic was switched outside shipgate; continuing from what Service default/app says',
    )
    expect(third.main.outputs).toMatchObject({ 'active-color': 'green', version: 'v3', 'previous-version': 'v1' })
    expect(await c.publicVersion()).toBe('v3')
  }, 120_000)

  it('traffic moved onto a color that was never verified stops the deploy before anything changes', async () => {
    const c = await clusterOf()
    c.seed()
    expect((await deploy(c, 'v1')).main.exitCode).toBe(0)
    pointAt(c, 'green')
    const before = writes(c).length
    const second = await deploy(c, 'v2')
    expect(second.main.exitCode).toBe(1)
    expect(second.main.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^Service default\/app selects green, but the deploy state says blue \(v1\) serves and green was never deployed/,
      ),
    ])
    // Only the lock was taken and let go.
    expect(
      writes(c)
        .slice(before)
        .map((r) => r.resource),
    ).toEqual(['leases', 'leases'])
  }, 90_000)
})

describe('blue-green-deploy on Kubernetes: first run on a cluster that already serves', () => {
  /** What a team had before shipgate: blue runs app:v1 with 2 pods, selected and annotated; green is at 0. */
  async function liveCluster(c: Cluster, blueReady = true) {
    if (!blueReady) c.setImage('example:v1', { NEVER_READY: 'true' })
    await kubectl(c, ['set', 'image', 'deployment/app-blue', 'app=example:v1'])
    await kubectl(c, ['scale', 'deployment/app-blue', '--replicas=2'])
    await kubectl(c, ['annotate', 'service/app', 'shipgate.dev/color=blue', 'shipgate.dev/version=v1'])
    if (!blueReady) return
    await kubectl(c, ['rollout', 'status', 'deployment/app-blue', '--timeout=60s'])
    // The data plane follows the endpoints a moment later, as kube-proxy does.
    for (let attempt = 0; attempt < 100 && (await c.publicVersion()) !== 'v1'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  it('adopts blue (v1), deploys v2 to green under 200 req/s without writing blue; rollback restores v1', async () => {
    const c = await clusterOf()
    c.seed()
    await liveCluster(c)
    c.api.restrictTo(documentedRole())
    expect(await c.publicVersion()).toBe('v1')
    expect(c.api.get('configmaps', 'default', 'shipgate-app')).toBeUndefined()
    const before = c.api.requests.length

    const [first, load] = await underLoad(`${c.nginx.url}/health`, 200, () => deploy(c, 'v2'))
    expect(first.main.errors).toEqual([])
    expect(first.main.outputs).toMatchObject({
      'active-color': 'green',
      version: 'v2',
      'previous-color': 'blue',
      'previous-version': 'v1',
      phase: 'complete',
    })
    expect(first.main.warnings.map((w) => w.message)).toContainEqual(
      'First run on a live system: Service default/app selects color=blue (Deployment default/app-blue: 2 pod(s) available) shows blue (v1) serving; adopted as the serving color, so this run deploys to green',
    )
    expect(load.total.requests).toBeGreaterThan(300)
    expect(load.total.failuresByCause).toEqual({})
    expect(await c.publicVersion()).toBe('v2')
    // The live color was never written: no request changed app-blue.
    const written = c.api.requests.slice(before).filter((r) => !['get', 'list', 'watch'].includes(r.verb))
    expect(written.filter((r) => r.resource === 'deployments').map((r) => r.name)).toEqual(['app-green'])
    expect(c.runningVersions()).toEqual(['v1', 'v1', 'v2', 'v2'])
    expect(state(c)).toMatchObject({ active: 'green' })

    const back = await rollback(c)
    expect(back.main.errors).toEqual([])
    expect(back.main.outputs).toMatchObject({ 'rolled-back': 'true', 'active-color': 'blue', 'restored-version': 'v1' })
    expect(await c.publicVersion()).toBe('v1')
  }, 240_000)

  it('a selected color whose pods are not available stops the run with nothing changed', async () => {
    const c = await clusterOf()
    c.seed()
    await liveCluster(c, false)
    const before = writes(c).length
    const run = await deploy(c, 'v2')
    expect(run.main.exitCode).toBe(1)
    expect(run.main.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^First run on a live system, and nothing was changed: Service default\/app selects color=blue, but Deployment default\/app-blue is not fully available \(0 of 2 pods available\)/,
      ),
    ])
    expect(
      writes(c)
        .slice(before)
        .map((r) => r.resource),
    ).toEqual(['leases', 'leases'])
  }, 90_000)
})

describe('blue-green-deploy on Kubernetes: the lock', () => {
  const lease = (renewedMsAgo: number) => ({
    metadata: { name: 'shipgate-app', namespace: 'default' },
    spec: {
      holderIdentity: '999.1.deploy',
      leaseDurationSeconds: 60,
      acquireTime: microTime(Date.now() - renewedMsAgo),
      renewTime: microTime(Date.now() - renewedMsAgo),
    },
  })

  it('refuses while another run holds a live Lease, changing nothing', async () => {
    const c = await clusterOf()
    c.seed()
    c.api.create('leases', lease(1000))
    const refused = await deploy(c, 'v1')
    expect(refused.main.exitCode).toBe(1)
    expect(refused.main.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Another deploy holds the lock \(Lease default\/shipgate-app\): 999\.1\.deploy/),
    ])
    expect(writes(c).filter((r) => r.resource !== 'leases')).toEqual([])
  }, 60_000)

  it('takes over a Lease whose renewals stopped, with a warning, and deploys', async () => {
    const c = await clusterOf()
    c.seed()
    c.api.create('leases', lease(120_000))
    const run = await deploy(c, 'v1')
    expect(run.main.exitCode).toBe(0)
    expect(run.main.warnings.map((w) => w.message).join('\n')).toMatch(
      /Taking over a stale deploy lock \(Lease default\/shipgate-app\).*last heartbeat/,
    )
    expect(await c.publicVersion()).toBe('v1')
  }, 90_000)

  it('the API server refuses a Lease time that is not MicroTime', async () => {
    const c = await clusterOf()
    const bad = lease(0)
    bad.spec.renewTime = new Date().toISOString()
    expect(() => c.api.create('leases', bad)).toThrow(/cannot parse/)
  }, 30_000)
})

describe('blue-green-deploy on Kubernetes: conflicts and permissions', () => {
  it('a Service changed by someone else between read and patch is a clear error; traffic is unchanged', async () => {
    const c = await clusterOf()
    c.seed()
    expect((await deploy(c, 'v1')).main.exitCode).toBe(0)
    // Right after the switch reads the Service (v2's deploy is past its start; the reads before
    // it, preflight and the selector check, come before v2's first phase), someone else writes it.
    c.api.interfereAfterGet(
      'services',
      'app',
      (service) => {
        service.metadata.annotations = { ...service.metadata.annotations, 'someone.else/touched': 'yes' }
      },
      () => ['verifying', 'switching'].includes(state(c).current?.phase ?? ''),
    )
    const second = await deploy(c, 'v2')
    expect(second.main.exitCode).toBe(1)
    expect(second.main.errors.map((e) => e.message).join('\n')).toMatch(
      /Service default\/app was changed by someone else between reading it and switching it to green; traffic is unchanged/,
    )
    expect(selector(c)).toMatchObject({ color: 'blue' })
    expect(await c.publicVersion()).toBe('v1')
  }, 120_000)

  it('RBAC 403 on reading the Service: one error naming the permission, nothing changed', async () => {
    const c = await clusterOf()
    c.seed()
    c.api.forbid('get', 'services')
    const run = await deploy(c, 'v1')
    expect(run.main.exitCode).toBe(1)
    expect(run.main.errors).toHaveLength(1)
    expect(run.main.errors[0]?.message).toMatch(
      /kubectl could not read Service default\/app: Error from server \(Forbidden\): services "app" is forbidden.*RBAC Role/,
    )
    expect(run.main.stderr + run.main.stdout).not.toMatch(/\n\s+at /)
    expect(writes(c)).toEqual([])
  }, 60_000)
})

describe('blue-green-deploy on Kubernetes: bad input', () => {
  const message = (run: Awaited<ReturnType<typeof deploy>>) => {
    expect(run.main.exitCode).toBe(1)
    expect(run.main.errors).toHaveLength(1)
    expect(run.main.stdout).not.toMatch(/\n\s+at /)
    return run.main.errors[0]?.message ?? ''
  }

  it.each([
    [
      'an unknown Service',
      { 'kubernetes-service': 'nope' },
      /kubectl could not read Service default\/nope: Error from server \(NotFound\): services "nope" not found/,
    ],
    [
      'a Deployment pattern without {color}',
      { 'kubernetes-deployment': '{service}-blue' },
      /kubernetes-deployment.*\{color\}/,
    ],
    ['no kubernetes-service', { 'kubernetes-service': '' }, /kubernetes-service.*because provider is kubernetes/],
    [
      'a color label the Deployments lack',
      { 'kubernetes-color-label': 'track' },
      /Deployment default\/app-blue's pod template has no label track=blue/,
    ],
    [
      'an unknown namespace',
      { 'kubernetes-namespace': 'nowhere' },
      /namespaces "nowhere" not found|services "app" not found/,
    ],
  ])(
    '%s',
    async (_name, extra, expected) => {
      const c = await clusterOf()
      c.seed()
      expect(message(await deploy(c, 'v1', extra))).toMatch(expected)
      expect(writes(c)).toEqual([])
    },
    60_000,
  )

  it('an unreachable API server', async () => {
    const c = await clusterOf()
    await c.api.close()
    expect(message(await deploy(c, 'v1'))).toMatch(
      /kubectl could not read Service default\/app: .*(refused|Unable to connect).*check the kubeconfig/,
    )
  }, 60_000)

  it('no kubectl on PATH', async () => {
    const c = await clusterOf()
    c.seed()
    // A PATH with node's own directory only (the step runs on node; kubectl is not there).
    const bin = mkdtempSync(join(tmpdir(), 'shipgate-nokubectl-'))
    symlinkSync('/bin/sh', join(bin, 'sh'))
    const run = await deploy(c, 'v1', {}, { env: { ...c.env, PATH: bin } })
    expect(message(run)).toMatch(/^kubectl is not on PATH: provider kubernetes drives the real kubectl/)
    expect(writes(c)).toEqual([])
  }, 60_000)
})

describe('blue-green-deploy on Kubernetes: after the switch, stage and promote, rollback', () => {
  it('a version failing after the switch is rolled back to the color that served; it is scaled to 0', async () => {
    const c = await clusterOf(33, { 'example:v2': { FAIL_RATE: '0.5' } })
    c.seed()
    expect((await deploy(c, 'v1')).main.exitCode).toBe(0)
    const second = await deploy(c, 'v2')
    expect(second.main.exitCode).toBe(1)
    expect(second.main.outputs).toMatchObject({
      'rolled-back': 'true',
      'active-color': 'blue',
      version: 'v1',
      phase: 'rolled-back',
    })
    expect(selector(c)).toMatchObject({ color: 'blue' })
    expect(await c.publicVersion()).toBe('v1')
    expect((c.api.get('deployments', 'default', 'app-green')?.spec as { replicas: number }).replicas).toBe(0)
  }, 180_000)

  it('stage leaves traffic alone, promote switches; reject scales the staged color to 0', async () => {
    const c = await clusterOf()
    c.seed()
    expect((await deploy(c, 'v1')).main.exitCode).toBe(0)
    const staged = await deploy(c, 'v2', { action: 'stage' })
    expect(staged.main.outputs).toMatchObject({ phase: 'staged', 'active-color': 'blue' })
    expect(selector(c)).toMatchObject({ color: 'blue' })
    expect(c.runningVersions()).toEqual(['v1', 'v1', 'v2', 'v2'])
    const promoted = await deploy(c, '', { action: 'promote' })
    expect(promoted.main.outputs).toMatchObject({ phase: 'complete', 'active-color': 'green', version: 'v2' })
    expect(await c.publicVersion()).toBe('v2')
    expect((await deploy(c, 'v3', { action: 'stage' })).main.outputs).toMatchObject({ phase: 'staged' })
    const rejected = await deploy(c, '', { action: 'reject' })
    expect(rejected.main.outputs).toMatchObject({ phase: 'rejected', 'active-color': 'green' })
    expect((c.api.get('deployments', 'default', 'app-blue')?.spec as { replicas: number }).replicas).toBe(0)
    expect(await c.publicVersion()).toBe('v2')
  }, 180_000)

  it('rollback redeploys a color that was scaled down (keep-previous: false) and switches back', async () => {
    const c = await clusterOf()
    c.seed()
    expect((await deploy(c, 'v1')).main.exitCode).toBe(0)
    expect((await deploy(c, 'v2', { 'keep-previous': 'false' })).main.exitCode).toBe(0)
    expect((c.api.get('deployments', 'default', 'app-blue')?.spec as { replicas: number }).replicas).toBe(0)
    const back = await rollback(c)
    expect(back.main.errors).toEqual([])
    expect(back.main.outputs).toMatchObject({ 'rolled-back': 'true', 'active-color': 'blue', 'restored-version': 'v1' })
    expect(await c.publicVersion()).toBe('v1')
  }, 180_000)
})

// The runner dies mid-deploy (the step's process group killed, no post step): the Lease stays
// held and the state in the ConfigMap says where it stopped. A new run takes the Lease over once
// the dead run's renewals are older than the expiry (here: the same host sees its process gone),
// recovers from the ConfigMap and the Service, and deploys, under load.
describe('blue-green-deploy on Kubernetes: a runner killed mid-deploy', () => {
  it.each(['deploying', 'verifying', 'switching', 'post-verify', 'draining'])(
    'killed in %s, a new run converges with zero failed requests',
    async (killedIn) => {
      const c = await clusterOf()
      c.seed()
      expect((await deploy(c, 'v1')).main.exitCode).toBe(0)
      const [[killed, rerun], load] = await underLoad(`${c.nginx.url}/health`, 100, async () => {
        const dead = await deploy(
          c,
          'v2',
          { drain: '2s' },
          {
            env: { ...c.env, GITHUB_RUN_ID: '7000', GITHUB_RUN_ATTEMPT: '1', GITHUB_ACTION: 'deploy' },
            processGroup: true,
            skipPost: true,
            onLine: (line, child) => {
              if (line.includes(`▶ phase ${killedIn}:`) && child.pid) process.kill(-child.pid, 'SIGKILL')
            },
          },
        )
        const held = (c.api.get('leases', 'default', 'shipgate-app')?.spec as { holderIdentity?: string })
          .holderIdentity
        expect(held).toBe('7000.1.deploy')
        const again = await deploy(
          c,
          'v2',
          {},
          { env: { ...c.env, GITHUB_RUN_ID: '7001', GITHUB_RUN_ATTEMPT: '1', GITHUB_ACTION: 'deploy' } },
        )
        return [dead, again] as const
      })
      expect(killed.main.signal).toBe('SIGKILL')
      expect(rerun.main.errors).toEqual([])
      expect(rerun.main.warnings[0]?.message).toMatch(
        /^Taking over a stale deploy lock \(Lease default\/shipgate-app\) held by .* \(run 7000\.1\.deploy\): its process \d+ on .* is gone$/,
      )
      expect(rerun.main.outputs).toMatchObject({ 'active-color': 'green', version: 'v2', phase: 'complete' })
      expect(await c.publicVersion()).toBe('v2')
      expect(selector(c)).toMatchObject({ color: 'green' })
      expect(load.total.failuresByCause).toEqual({})
    },
    180_000,
  )
})
