import {
  InputError,
  boolean,
  duration,
  httpUrl,
  oneOf,
  text,
  inputReader,
  runnerInput,
  type GetInput,
} from '@shipgate/core/action'
import { checkCompareWindow, readCompareLimits, type CompareLimits } from '@shipgate/core/compare'
import { readWindowInputs, type WindowInputs } from '@shipgate/core/probe'
import {
  readDeployTarget,
  readMigrationSettings,
  type DeployTarget,
  type MigrationSettings,
} from '@shipgate/core/deploy'

export const ACTIONS = ['deploy', 'stage', 'promote', 'reject'] as const

export type Inputs = DeployTarget & WindowInputs & DeployOptions

interface DeployOptions {
  action: (typeof ACTIONS)[number]
  version: string | undefined
  drainMs: number
  keepPrevious: boolean
  autoRollback: boolean
  environmentUrl: URL | undefined
  dryRun: boolean
  migration: MigrationSettings | undefined
  comparison: CompareLimits | undefined
}

export function readInputs(get: GetInput = runnerInput): Inputs {
  const reader = inputReader(get)
  const { input, optionalInput } = reader
  const target = readDeployTarget(get)
  const inputs: Inputs = {
    ...target,
    action: input('action', oneOf(ACTIONS)),
    version: optionalInput('version', text),
    ...readWindowInputs(get),
    drainMs: input('drain', duration({ allowZero: true })),
    keepPrevious: input('keep-previous', boolean),
    autoRollback: input('auto-rollback', boolean),
    environmentUrl: optionalInput('environment-url', httpUrl),
    dryRun: input('dry-run', boolean),
    migration: readMigrationSettings(reader, target.provider),
    comparison: readCompareLimits(get),
  }
  if (inputs.comparison) checkCompareWindow(inputs.comparison, inputs.durationMs, inputs.ratePerSecond)
  const deploys = inputs.action === 'deploy' || inputs.action === 'stage'
  if (deploys && inputs.version === undefined) {
    throw new InputError('version', '', `the version to deploy, because action is ${inputs.action}`)
  }
  const startsItself = inputs.provider === 'kubernetes' && inputs.kubernetes.image !== undefined
  if (deploys && inputs.deployCommand === undefined && !startsItself) {
    throw new InputError(
      'deploy-command',
      '',
      `a shell command that starts $BG_VERSION on $BG_COLOR, because action is ${inputs.action}${inputs.provider === 'kubernetes' ? ' (or kubernetes-image)' : ''}`,
    )
  }
  for (const color of ['blue', 'green'] as const) {
    // Kubernetes judges a color by its Deployment's rollout; a color URL adds an HTTP check.
    if (inputs.action !== 'reject' && inputs.provider !== 'kubernetes' && inputs.urls[color] === undefined) {
      throw new InputError(`${color}-url`, '', `the base URL of the ${color} color, e.g. http://127.0.0.1:8081`)
    }
  }
  return inputs
}
