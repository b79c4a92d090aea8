// The real kubectl, as the user's cluster access is configured for it (KUBECONFIG, contexts,
// exec-auth plugins of EKS, GKE and AKS): no client library. Every failure becomes one error that
// names the object and what went wrong, in the words a person acts on.
import { execFile, execFileSync } from 'node:child_process'
import { UserError } from '../../../action/errors.js'

/** Why kubectl failed, from the API server's Status reason or the client's own message. */
export type KubectlFailure =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Unreachable'
  | 'Invalid'
  | 'Missing'
  | 'Other'

export class KubectlError extends UserError {
  constructor(
    readonly failure: KubectlFailure,
    message: string,
  ) {
    super(message)
  }
}

export interface KubectlSettings {
  context: string | undefined
  namespace: string | undefined
}

/** One call gets this long: a hung exec-auth plugin or API server must not hang the step. */
const CALL_TIMEOUT_MS = 60_000

const HINTS: Partial<Record<KubectlFailure, string>> = {
  Forbidden:
    'the credentials lack a permission shipgate needs (see the RBAC Role in the action docs: services get/patch, deployments get/list/patch and deployments/scale, pods get/list and endpointslices list, configmaps and leases get/create/update; with a migration Job, jobs create/get/list/delete and pods/log get)',
  Unauthorized: 'the cluster refused the credentials (an expired token or a wrong kubeconfig)',
  Unreachable: 'check the kubeconfig (KUBECONFIG, kubernetes-context) and that the runner can reach the API server',
}

export function classify(stderr: string): KubectlFailure {
  const reason = /Error from server \((\w+)\)/.exec(stderr)?.[1]
  if (reason === 'NotFound' || reason === 'AlreadyExists' || reason === 'Conflict' || reason === 'Forbidden')
    return reason
  if (reason === 'Invalid' || reason === 'BadRequest' || stderr.includes('The request is invalid')) return 'Invalid'
  if (/\bUnauthorized\b|You must be logged in/.test(stderr)) return 'Unauthorized'
  if (/Unable to connect to the server|connection refused|no such host|i\/o timeout|was refused/.test(stderr))
    return 'Unreachable'
  return 'Other'
}

/** The first meaningful line of kubectl's error output, without the client's log prefixes. */
function firstLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/^[EIW]\d{4} [\d:.]+\s+\d+ [\w.]+:\d+\] /, '').trim())
    .filter((line) => line !== '' && !line.startsWith('Usage:'))
  return (
    lines.find((line) => line.startsWith('Error from server') || line.startsWith('error:')) ??
    lines[0] ??
    'no output'
  ).slice(0, 500)
}

const contextNamespaces = new Map<string, string>()

export class Kubectl {
  constructor(readonly settings: KubectlSettings) {}

  private args(args: string[]): string[] {
    const { context, namespace } = this.settings
    return [...(context ? ['--context', context] : []), ...(namespace ? ['--namespace', namespace] : []), ...args]
  }

  private failure(what: string, error: { code?: unknown; message: string; stderr?: string | Buffer }): KubectlError {
    if (error.code === 'ENOENT') {
      return new KubectlError(
        'Missing',
        'kubectl is not on PATH: provider kubernetes drives the real kubectl (GitHub-hosted runners ship it; elsewhere install it, e.g. with azure/setup-kubectl)',
      )
    }
    const stderr = String(error.stderr ?? error.message)
    const failure = classify(stderr)
    const hint = HINTS[failure]
    return new KubectlError(failure, `kubectl could not ${what}: ${firstLine(stderr)}${hint ? ` (${hint})` : ''}`)
  }

  /** Runs kubectl and returns its standard output; `what` completes "kubectl could not …". */
  async run(what: string, args: string[], input?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        'kubectl',
        this.args(args),
        { timeout: CALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error) reject(this.failure(what, Object.assign(error, { stderr })))
          else resolve(stdout)
        },
      )
      child.stdin?.end(input ?? '')
    })
  }

  /** The same, blocking: for the state writes that must land before a phase starts. */
  runSync(what: string, args: string[], input?: string): string {
    try {
      return execFileSync('kubectl', this.args(args), {
        input: input ?? '',
        timeout: CALL_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
      })
    } catch (error) {
      throw this.failure(what, error as { code?: unknown; message: string; stderr?: string })
    }
  }

  async getJson<T>(what: string, kind: string, name: string): Promise<T> {
    return JSON.parse(await this.run(what, ['get', kind, name, '-o', 'json'])) as T
  }

  async listJson<T>(what: string, kind: string, selector: string): Promise<T[]> {
    const list = JSON.parse(await this.run(what, ['get', kind, '-l', selector, '-o', 'json'])) as { items?: T[] }
    return list.items ?? []
  }

  /** The namespace kubectl acts in: the input, else the context's, else `default`. Asked once per context. */
  namespace(): string {
    if (this.settings.namespace) return this.settings.namespace
    const key = this.settings.context ?? ''
    const known = contextNamespaces.get(key)
    if (known !== undefined) return known
    const found = this.contextNamespace()
    contextNamespaces.set(key, found)
    return found
  }

  private contextNamespace(): string {
    try {
      const configured = this.runSync('read the kubeconfig', [
        'config',
        'view',
        '--minify',
        '-o',
        'jsonpath={.contexts[0].context.namespace}',
      ]).trim()
      return configured || 'default'
    } catch (error) {
      if (error instanceof KubectlError && error.failure === 'Missing') throw error
      return 'default'
    }
  }
}
