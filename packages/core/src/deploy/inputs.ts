import {
  InputError,
  duration,
  httpUrl,
  oneOf,
  statusRanges,
  text,
  type InputForm,
  type StatusRange,
  inputReader,
  number,
  runnerInput,
  type GetInput,
} from '../action/index.js'
import { readMetricsInputs, type MetricsInputs } from '../metrics/index.js'

export const PROVIDERS = ['nginx', 'command', 'kubernetes'] as const
export type ProviderName = (typeof PROVIDERS)[number]
export const COLORS = ['blue', 'green'] as const
export type Color = (typeof COLORS)[number]

/** The inputs blue-green-deploy and rollback share under the same names. */
export interface DeployTarget {
  provider: ProviderName
  /** Empty only with provider kubernetes: the state and lock then live in the cluster. */
  stateDir: string | undefined
  urls: Record<Color, URL | undefined>
  publicUrl: URL | undefined
  healthPath: string
  deployCommand: string | undefined
  stopCommand: string | undefined
  nginx: { include: string; testCommand: string; reloadCommand: string } | undefined
  switchCommand: string | undefined
  kubernetes: KubernetesTarget | undefined
  timeoutMs: number
  deadlineMs: number
  expectedStatus: StatusRange[]
  lockTimeoutMs: number
  /** Prometheus checks judged after the switch (deploy) and during the watch (rollback). */
  metrics: MetricsInputs | undefined
  environment: string | undefined
  githubToken: string | undefined
}

/** Where a kubernetes deploy acts: the Service whose selector is switched and each color's Deployment. */
export interface KubernetesTarget {
  service: string
  /** Undefined: the kubeconfig context's namespace, as kubectl picks it. */
  namespace: string | undefined
  context: string | undefined
  /** `{service}` and `{color}` are replaced. */
  deployment: string
  colorLabel: string
  image: string | undefined
  container: string | undefined
  replicas: number | undefined
}

/** A DNS-1123 name, as Kubernetes requires of Services, Deployments and namespaces. */
const kubernetesName: InputForm<string> = {
  parse: (value) => (/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(value) ? value : undefined),
  expected: 'a Kubernetes object name (lower-case letters, digits, - and .), e.g. web',
}

const deploymentPattern: InputForm<string> = {
  parse: (value) => (value.includes('{color}') ? value : undefined),
  expected: 'a Deployment name pattern holding {color} (and optionally {service}), e.g. {service}-{color}',
}

const labelKey: InputForm<string> = {
  parse: (value) => (/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(value) ? value : undefined),
  expected: 'a label key, e.g. color or app.kubernetes.io/color',
}

function readKubernetesTarget(reader: ReturnType<typeof inputReader>): KubernetesTarget {
  const { input, optionalInput } = reader
  const service = optionalInput('kubernetes-service', kubernetesName)
  if (service === undefined) {
    throw new InputError(
      'kubernetes-service',
      '',
      'the name of the Service whose selector is switched, because provider is kubernetes',
    )
  }
  return {
    service,
    namespace: optionalInput('kubernetes-namespace', kubernetesName),
    context: optionalInput('kubernetes-context', text),
    deployment: input('kubernetes-deployment', deploymentPattern),
    colorLabel: input('kubernetes-color-label', labelKey),
    image: optionalInput('kubernetes-image', text),
    container: optionalInput('kubernetes-container', text),
    replicas: optionalInput('kubernetes-replicas', number({ min: 1, max: 1000, integer: true })),
  }
}

const urlPath: InputForm<string> = {
  parse: (value) => (value.startsWith('/') && !/\s/.test(value) ? value : undefined),
  expected: 'a URL path starting with /, e.g. /health',
}

export function readDeployTarget(get: GetInput = runnerInput): DeployTarget {
  const reader = inputReader(get)
  const { input, optionalInput, secretInput } = reader
  const provider = input('provider', oneOf(PROVIDERS))
  const stateDir = optionalInput('state-dir', text)
  const timeoutMs = input('timeout', duration({ allowZero: false }))
  if (stateDir === undefined && provider !== 'kubernetes') {
    throw new InputError(
      'state-dir',
      '',
      `a directory that keeps the deploy state and lock between runs, because provider is ${provider} (only provider kubernetes keeps them in the cluster)`,
    )
  }
  const nginxInclude = optionalInput('nginx-include', text)
  const switchCommand = optionalInput('switch-command', text)
  if (provider === 'nginx' && nginxInclude === undefined) {
    throw new InputError(
      'nginx-include',
      '',
      'the path of the file holding the active upstream, because provider is nginx',
    )
  }
  if (provider === 'command' && switchCommand === undefined) {
    throw new InputError(
      'switch-command',
      '',
      'a shell command that points traffic at $BG_COLOR, because provider is command',
    )
  }
  return {
    provider,
    stateDir,
    urls: { blue: optionalInput('blue-url', httpUrl), green: optionalInput('green-url', httpUrl) },
    publicUrl: optionalInput('public-url', httpUrl),
    healthPath: input('health-path', urlPath),
    deployCommand: optionalInput('deploy-command', text),
    stopCommand: optionalInput('stop-command', text),
    nginx:
      nginxInclude === undefined
        ? undefined
        : {
            include: nginxInclude,
            testCommand: input('nginx-test-command', text),
            reloadCommand: input('nginx-reload-command', text),
          },
    switchCommand,
    kubernetes: provider === 'kubernetes' ? readKubernetesTarget(reader) : undefined,
    timeoutMs,
    deadlineMs: input('deadline', duration({ allowZero: false })),
    expectedStatus: input('expected-status', statusRanges),
    lockTimeoutMs: input('lock-timeout', duration({ allowZero: false })),
    metrics: readMetricsInputs(get, timeoutMs),
    environment: optionalInput('environment', text),
    githubToken: secretInput('github-token'),
  }
}
