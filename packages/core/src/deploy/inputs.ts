import {
  InputError,
  duration,
  httpUrl,
  oneOf,
  statusRanges,
  text,
  type InputForm,
  inputReader,
  runnerInput,
  type GetInput,
} from '../action/index.js'
import { readMetricsInputs } from '../metrics/index.js'
import { PROVIDERS, type CommonTarget, type DeployTarget } from './model.js'
import { readCommandSettings } from './providers/command/inputs.js'
import { readKubernetesSettings } from './providers/kubernetes/inputs.js'
import { readNginxSettings } from './providers/nginx/inputs.js'

const urlPath: InputForm<string> = {
  parse: (value) => (value.startsWith('/') && !/\s/.test(value) ? value : undefined),
  expected: 'a URL path starting with /, e.g. /health',
}

/** The inputs blue-green-deploy and rollback share, read once: the common ones, then the provider's. */
export function readDeployTarget(get: GetInput = runnerInput): DeployTarget {
  const reader = inputReader(get)
  const { input, optionalInput, secretInput } = reader
  const provider = input('provider', oneOf(PROVIDERS))
  const stateDir = optionalInput('state-dir', text)
  const timeoutMs = input('timeout', duration({ allowZero: false }))
  const common: CommonTarget = {
    urls: { blue: optionalInput('blue-url', httpUrl), green: optionalInput('green-url', httpUrl) },
    publicUrl: optionalInput('public-url', httpUrl),
    healthPath: input('health-path', urlPath),
    deployCommand: optionalInput('deploy-command', text),
    stopCommand: optionalInput('stop-command', text),
    timeoutMs,
    deadlineMs: input('deadline', duration({ allowZero: false })),
    expectedStatus: input('expected-status', statusRanges),
    lockTimeoutMs: input('lock-timeout', duration({ allowZero: false })),
    metrics: readMetricsInputs(get, timeoutMs),
    environment: optionalInput('environment', text),
    githubToken: secretInput('github-token'),
  }
  if (provider === 'kubernetes') {
    return { ...common, provider, stateDir, kubernetes: readKubernetesSettings(reader) }
  }
  if (stateDir === undefined) {
    throw new InputError(
      'state-dir',
      '',
      `a directory that keeps the deploy state and lock between runs, because provider is ${provider} (only provider kubernetes keeps them in the cluster)`,
    )
  }
  switch (provider) {
    case 'nginx':
      return { ...common, provider, stateDir, nginx: readNginxSettings(reader) }
    case 'command':
      return { ...common, provider, stateDir, command: readCommandSettings(reader) }
  }
}
