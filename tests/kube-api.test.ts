// The API simulation holds to what a real API server does, as the real kubectl sees it: the
// provider's tests are only as good as these facts (DESIGN.md "Kubernetes").
import { afterEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { request } from 'undici'
import { startCluster, type Cluster } from './harness/kube-cluster.js'

let cluster: Cluster | undefined
afterEach(async () => {
  await cluster?.close()
  cluster = undefined
})

const kubectl = (c: Cluster, args: string[], input?: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile('kubectl', args, { env: { ...process.env, ...c.env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
    child.stdin?.end(input ?? '')
  })

/** The watch stream's events until it ends (timeoutSeconds) or `count` arrived. */
async function watchEvents(
  c: Cluster,
  query: string,
): Promise<Array<{ type: string; object: { metadata: { name: string }; code?: number } }>> {
  const response = await request(
    `${c.api.url}/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&${query}`,
  )
  const text = await response.body.text()
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; object: { metadata: { name: string }; code?: number } })
}

describe('the Kubernetes API simulation, driven by the real kubectl', () => {
  it('replace with a stale resourceVersion is 409 Conflict; a Deployment selector is immutable', async () => {
    const c = (cluster = await startCluster({ minor: 33 }))
    c.seed()
    const created = await kubectl(
      c,
      ['create', '--validate=false', '-f', '-', '-o', 'json'],
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1' } }),
    )
    const { metadata } = JSON.parse(created.stdout) as { metadata: { resourceVersion: string } }
    const replace = (version: string, value: string) =>
      kubectl(
        c,
        ['replace', '--validate=false', '-f', '-'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'x', resourceVersion: version },
          data: { a: value },
        }),
      )
    expect((await replace(metadata.resourceVersion, '2')).code).toBe(0)
    const stale = await replace(metadata.resourceVersion, '3')
    expect(stale.code).toBe(1)
    expect(stale.stderr).toMatch(/Error from server \(Conflict\).*the object has been modified/)
    const immutable = await kubectl(c, [
      'patch',
      'deployment',
      'app-blue',
      '--type=merge',
      '-p',
      '{"spec":{"selector":{"matchLabels":{"color":"red"}}}}',
    ])
    expect(immutable.stderr).toMatch(/The request is invalid: .*spec\.selector.*field is immutable/)
  }, 30_000)

  it('strategic merge patches containers by name; JSON patch; the scale subresource', async () => {
    const c = (cluster = await startCluster({ minor: 28 }))
    c.seed()
    await kubectl(c, [
      'patch',
      'deployment',
      'app-blue',
      '--type=strategic',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"example:v9"}]}}}}',
    ])
    await kubectl(c, [
      'patch',
      'deployment',
      'app-blue',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/metadata/labels/tier","value":"web"}]',
    ])
    expect((await kubectl(c, ['scale', 'deployment', 'app-blue', '--replicas=0'])).code).toBe(0)
    const blue = c.api.get('deployments', 'default', 'app-blue') as unknown as {
      metadata: { labels: Record<string, string> }
      spec: { template: { spec: { containers: Array<{ name: string; image: string; readinessProbe?: object }> } } }
    }
    // The container kept everything the patch did not name (its probe), beside the new image.
    expect(blue.spec.template.spec.containers).toEqual([
      expect.objectContaining({ name: 'app', image: 'example:v9', readinessProbe: expect.any(Object) }),
    ])
    expect(blue.metadata.labels.tier).toBe('web')
  }, 30_000)

  it('a Deployment rolls out to processes that answer; zero counts are omitted; kubectl rollout status agrees', async () => {
    const c = (cluster = await startCluster({ minor: 33 }))
    c.seed()
    while (!c.api.get('deployments', 'default', 'app-blue')?.status)
      await new Promise((resolve) => setTimeout(resolve, 50))
    const empty = c.api.get('deployments', 'default', 'app-blue')?.status as Record<string, unknown>
    expect(Object.keys(empty).sort()).toEqual(['conditions', 'observedGeneration'])
    const slice = c.api.list('endpointslices', 'default')[0]
    expect(slice?.endpoints).toBeNull()
    await kubectl(c, [
      'patch',
      'deployment',
      'app-blue',
      '--type=strategic',
      '-p',
      '{"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"app","image":"example:v1"}]}}}}',
    ])
    const rollout = await kubectl(c, ['rollout', 'status', 'deployment/app-blue', '--timeout=60s'])
    expect(rollout.stdout).toContain('deployment "app-blue" successfully rolled out')
    // nginx follows the EndpointSlice with a reload: its new workers answer a moment later.
    let version: string | undefined
    for (let attempt = 0; attempt < 50 && version !== 'v1'; attempt += 1) {
      version = await c.publicVersion()
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(version).toBe('v1')
  }, 90_000)

  it('watch replays from a resourceVersion, and answers 410 Gone once the history is compacted', async () => {
    const c = (cluster = await startCluster({ minor: 33 }))
    const first = c.api.create('configmaps', { metadata: { name: 'a', namespace: 'default' } })
    c.api.create('configmaps', { metadata: { name: 'b', namespace: 'default' } })
    const replay = await watchEvents(c, `resourceVersion=${first.metadata.resourceVersion}`)
    expect(replay.map((event) => [event.type, event.object.metadata.name])).toEqual([['ADDED', 'b']])
    c.api.compact()
    const gone = await watchEvents(c, `resourceVersion=${first.metadata.resourceVersion}`)
    expect(gone).toEqual([{ type: 'ERROR', object: expect.objectContaining({ code: 410, reason: 'Expired' }) }])
  }, 30_000)

  it('a watch with nothing to report answers its headers at once, as an API server does', async () => {
    // Held headers stalled kubectl rollout status for minutes when the rollout finished before
    // its watch began: the client waits for them before it reads any event.
    const c = (cluster = await startCluster({ minor: 33 }))
    const { metadata } = c.api.create('configmaps', { metadata: { name: 'a', namespace: 'default' } })
    const response = await request(
      `${c.api.url}/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=30&resourceVersion=${metadata.resourceVersion}`,
      { headersTimeout: 5000 },
    )
    expect(response.statusCode).toBe(200)
    response.body.destroy()
  }, 30_000)
})
