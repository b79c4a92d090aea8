import type { Logger } from '../../action/logger.js'
import type { DeployTarget } from '../inputs.js'
import { askUrl } from '../live.js'
import { Kubectl } from '../kubernetes/kubectl.js'
import { kubernetesProvider } from '../kubernetes/provider.js'
import { commandProvider } from './command.js'
import { nginxProvider } from './nginx.js'
import type { TrafficProvider } from './provider.js'

export { colorEnv, type SwitchTarget, type TrafficProvider } from './provider.js'
export { upstreamLine } from './nginx.js'

/** User commands (deploy, stop, switch, nginx) get this long before they are killed. */
export const COMMAND_TIMEOUT_MS = 15 * 60_000

export function createProvider(target: DeployTarget, log: Logger): TrafficProvider {
  const ask = (url: URL) => askUrl(url, target.healthPath, { expectedStatus: target.expectedStatus }, target.timeoutMs)
  if (target.provider === 'nginx' && target.nginx) {
    return nginxProvider({ ...target.nginx, commandTimeoutMs: COMMAND_TIMEOUT_MS, urls: target.urls, ask, log })
  }
  if (target.provider === 'command' && target.switchCommand) {
    return commandProvider({
      switchCommand: target.switchCommand,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      urls: target.urls,
      publicUrl: target.publicUrl,
      ask,
      log,
    })
  }
  if (target.provider === 'kubernetes' && target.kubernetes) {
    const { context, namespace } = target.kubernetes
    return kubernetesProvider(target.kubernetes, new Kubectl({ context, namespace }), log)
  }
  throw new Error('readDeployTarget guarantees a provider configuration')
}
