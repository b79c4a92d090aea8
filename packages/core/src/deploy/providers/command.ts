import { UserError } from '../../action/errors.js'
import type { Logger } from '../../action/logger.js'
import { runShell } from '../shell.js'
import { colorEnv, type TrafficProvider } from './provider.js'

/** Any platform a user can script: a cloud CLI, HAProxy's runtime API, a load balancer's API. */
export function commandProvider(switchCommand: string, commandTimeoutMs: number, log: Logger): TrafficProvider {
  return {
    async switchTo(target) {
      const result = await runShell(switchCommand, colorEnv(target), {
        label: 'switch',
        timeoutMs: commandTimeoutMs,
        log,
      })
      if (result.exitCode !== 0) {
        throw new UserError(
          `switch-command failed for ${target.color} (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}). Its output:\n${result.tail}`,
        )
      }
    },
  }
}
