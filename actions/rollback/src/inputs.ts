import {
  InputError,
  boolean,
  duration,
  httpUrl,
  number,
  oneOf,
  percent,
  text,
  inputReader,
  runnerInput,
  type GetInput,
} from '@shipgate/core/action'
import {
  readDeployTarget,
  readMigrateRollbackSettings,
  type DeployTarget,
  type MigrateRollbackSettings,
} from '@shipgate/core/deploy'

export type Inputs = DeployTarget & RollbackOptions

interface RollbackOptions {
  migrateRollback: MigrateRollbackSettings
  /** 'previous' or a version from the deploy history. */
  to: string
  when: 'always' | 'triggered'
  healthReport: string | undefined
  maxErrorRatePct: number
  maxP95Ms: number
  watchMs: number
  ratePerSecond: number
  watchWindowMs: number
  reason: string | undefined
  verify: boolean
  webhookUrl: URL | undefined
}

export function readInputs(get: GetInput = runnerInput): Inputs {
  const reader = inputReader(get)
  const { input, optionalInput, secretInput } = reader
  const webhook = secretInput('webhook-url')
  const webhookUrl = webhook === undefined ? undefined : httpUrl.parse(webhook)
  if (webhook !== undefined && webhookUrl === undefined) {
    // The value is a secret: the message names the input without echoing it.
    throw new InputError('webhook-url', '***', httpUrl.expected)
  }
  const inputs: Inputs = {
    ...readDeployTarget(get),
    migrateRollback: readMigrateRollbackSettings(reader),
    to: input('to', text),
    when: input('when', oneOf(['always', 'triggered'])),
    healthReport: optionalInput('health-report', text),
    maxErrorRatePct: input('max-error-rate', percent),
    maxP95Ms: input('max-p95', duration({ allowZero: false })),
    watchMs: input('watch', duration({ allowZero: true })),
    ratePerSecond: input('rate', number({ min: 0.1 })),
    watchWindowMs: input('watch-window', duration({ allowZero: false })),
    reason: optionalInput('reason', text),
    verify: input('verify', boolean),
    webhookUrl,
  }
  if (inputs.when === 'triggered' && inputs.healthReport === undefined && inputs.watchMs === 0) {
    throw new InputError(
      'health-report',
      '',
      'a health-check report-json or a watch duration, because when is triggered',
    )
  }
  if (inputs.watchMs > 0 && inputs.publicUrl === undefined && inputs.metrics === undefined) {
    throw new InputError('public-url', '', 'the public URL to watch (or metrics to judge), because watch is set')
  }
  return inputs
}
