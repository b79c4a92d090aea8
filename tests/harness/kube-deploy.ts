// What the Kubernetes end-to-end tests share: the provider inputs for a simulated cluster, the
// deploy and rollback steps through the committed bundles, and reads of what the cluster holds.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parseAllDocuments } from 'yaml'
import { repoRoot } from '../../tools/lib/action-yml.js'
import type { RoleRule } from './kube-api.js'
import type { Cluster } from './kube-cluster.js'
import { runAction, type RunOptions } from './run-action.js'

export const inputs = (c: Cluster) => ({
  provider: 'kubernetes',
  'kubernetes-service': 'app',
  'kubernetes-image': 'example:{version}',
  'kubernetes-replicas': '2',
  'public-url': c.nginx.url,
  deadline: '30s',
  duration: '1s',
  rate: '20',
  drain: '500ms',
})

export function deploy(c: Cluster, version: string, extra: Record<string, string> = {}, options: RunOptions = {}) {
  return runAction('blue-green-deploy', {
    inputs: { ...inputs(c), version, ...extra },
    env: c.env,
    timeoutMs: 120_000,
    ...options,
  })
}

export function rollback(c: Cluster, extra: Record<string, string> = {}) {
  const { duration: _d, rate: _r, drain: _dr, 'kubernetes-replicas': _k, ...shared } = inputs(c)
  return runAction('rollback', {
    inputs: { ...shared, when: 'always', reason: 'by hand', ...extra },
    env: c.env,
    timeoutMs: 120_000,
  })
}

export const state = (c: Cluster) =>
  JSON.parse(
    (c.api.get('configmaps', 'default', 'shipgate-app')?.data as Record<string, string> | undefined)?.['state.json'] ??
      '{}',
  ) as {
    active?: string
    current?: { phase: string; migration?: { before?: string; after?: string } }
    database?: { revision: string }
  }
export const selector = (c: Cluster) =>
  (c.api.get('services', 'default', 'app')?.spec as { selector: Record<string, string> }).selector
export const kubectl = (c: Cluster, args: string[]) =>
  promisify(execFile)('kubectl', args, { env: { ...process.env, ...c.env } }).then((result) => result.stdout)
export const writes = (c: Cluster) => c.api.requests.filter((r) => !['get', 'list', 'watch'].includes(r.verb))

/** The Role the action docs tell users to apply: the whole flow must work with it and nothing more. */
export const documentedRole = (): RoleRule[] =>
  parseAllDocuments(readFileSync(join(repoRoot, 'examples', 'k8s', 'rbac.yaml'), 'utf8'))
    .map((document) => document.toJS() as { kind: string; rules?: RoleRule[] })
    .find((document) => document.kind === 'Role')?.rules ?? []
