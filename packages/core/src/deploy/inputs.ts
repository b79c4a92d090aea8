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
  runnerInput,
  type GetInput,
} from '../action/index.js'

export const PROVIDERS = ['nginx', 'command'] as const
export type ProviderName = (typeof PROVIDERS)[number]
export const COLORS = ['blue', 'green'] as const
export type Color = (typeof COLORS)[number]

/** The inputs blue-green-deploy and rollback share under the same names. */
export interface DeployTarget {
  provider: ProviderName
  stateDir: string
  urls: Record<Color, URL | undefined>
  publicUrl: URL | undefined
  healthPath: string
  deployCommand: string | undefined
  stopCommand: string | undefined
  nginx: { include: string; testCommand: string; reloadCommand: string } | undefined
  switchCommand: string | undefined
  timeoutMs: number
  deadlineMs: number
  expectedStatus: StatusRange[]
  lockTimeoutMs: number
  environment: string | undefined
  githubToken: string | undefined
}

const urlPath: InputForm<string> = {
  parse: (value) => (value.startsWith('/') && !/\s/.test(value) ? value : undefined),
  expected: 'a URL path starting with /, e.g. /health',
}

export function readDeployTarget(get: GetInput = runnerInput): DeployTarget {
  const { input, optionalInput, secretInput } = inputReader(get)
  const provider = input('provider', oneOf(PROVIDERS))
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
    stateDir: input('state-dir', text),
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
    timeoutMs: input('timeout', duration({ allowZero: false })),
    deadlineMs: input('deadline', duration({ allowZero: false })),
    expectedStatus: input('expected-status', statusRanges),
    lockTimeoutMs: input('lock-timeout', duration({ allowZero: false })),
    environment: optionalInput('environment', text),
    githubToken: secretInput('github-token'),
  }
}
