import { UserError } from '../../../action/errors.js'
import type { Logger } from '../../../action/logger.js'
import type { Color } from '../../model.js'
import type { Answer } from '../../live.js'
import { commandObservation } from './observe.js'
import { runShell } from '../../shell.js'
import { colorEnv, type TrafficProvider } from '../provider.js'

/** Any platform a user can script: a cloud CLI, HAProxy's runtime API, a load balancer's API. */
export function commandProvider(options: {
  switchCommand: string
  commandTimeoutMs: number
  urls: Record<Color, URL | undefined>
  publicUrl: URL | undefined
  ask: (url: URL) => Promise<Answer>
  log: Logger
}): TrafficProvider {
  const ask = (url: URL | undefined) => (url ? options.ask(url) : Promise.resolve(undefined))
  return {
    async observe() {
      const [publicAnswer, blue, green] = await Promise.all([
        ask(options.publicUrl),
        ask(options.urls.blue),
        ask(options.urls.green),
      ])
      return commandObservation({ publicAnswer, answers: { blue, green } })
    },
    async switchTo(target) {
      const result = await runShell(options.switchCommand, colorEnv(target), {
        label: 'switch',
        timeoutMs: options.commandTimeoutMs,
        log: options.log,
      })
      if (result.exitCode !== 0) {
        throw new UserError(
          `switch-command failed for ${target.color} (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}). Its output:\n${result.tail}`,
        )
      }
    },
  }
}
