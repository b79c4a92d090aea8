// The one place that names every provider: which TrafficProvider and which store a target gets.
// A new provider is a folder beside these and one case in each switch (the compiler asks for it).
import type { Logger } from '../../action/logger.js'
import { askUrl } from '../live.js'
import type { Color, DeployTarget } from '../model.js'
import { fileStore, type DeployStore, type StoreDescriptor } from '../store.js'
import { commandProvider } from './command/provider.js'
import { clusterStore } from './kubernetes/cluster-store.js'
import { Kubectl } from './kubernetes/kubectl.js'
import { kubernetesProvider } from './kubernetes/provider.js'
import { nginxProvider } from './nginx/provider.js'
import { COMMAND_TIMEOUT_MS } from './limits.js'
import type { TrafficProvider } from './provider.js'

export { colorEnv, type SwitchTarget, type TrafficProvider } from './provider.js'

export { COMMAND_TIMEOUT_MS } from './limits.js'

export function createProvider(target: DeployTarget, log: Logger): TrafficProvider {
  const ask = (url: URL) => askUrl(url, target.healthPath, { expectedStatus: target.expectedStatus }, target.timeoutMs)
  const shared = { commandTimeoutMs: COMMAND_TIMEOUT_MS, urls: target.urls, ask, log }
  switch (target.provider) {
    case 'nginx':
      return nginxProvider({ ...target.nginx, ...shared })
    case 'command':
      return commandProvider({ ...target.command, ...shared, publicUrl: target.publicUrl })
    case 'kubernetes': {
      const { context, namespace } = target.kubernetes
      return kubernetesProvider(target.kubernetes, new Kubectl({ context, namespace }), log)
    }
  }
}

export function storeFrom(descriptor: StoreDescriptor): DeployStore {
  switch (descriptor.kind) {
    case 'file':
      return fileStore(descriptor.dir)
    case 'kubernetes': {
      const kubectl = new Kubectl({ context: descriptor.context, namespace: descriptor.namespace })
      return clusterStore(kubectl, descriptor.service, descriptor.context)
    }
  }
}

/** The store the inputs name: state-dir when given, else (provider kubernetes) the cluster. */
export function storeFor(target: DeployTarget): DeployStore {
  if (target.provider === 'kubernetes' && target.stateDir === undefined) {
    const { service, namespace, context } = target.kubernetes
    return storeFrom({ kind: 'kubernetes', service, namespace, context })
  }
  return fileStore(target.stateDir ?? '')
}

/** How dry-run words what the provider itself does; undefined where the inputs' commands do it. */
export interface ProviderWords {
  switch: (color: Color) => string
  start: (color: Color, version: string) => string | undefined
  readiness: (color: Color) => string | undefined
}

export function providerWords(target: DeployTarget): ProviderWords {
  switch (target.provider) {
    case 'nginx': {
      const { include, testCommand, reloadCommand } = target.nginx
      return {
        switch: (color) => `rewrite ${include} to ${color}, run \`${testCommand}\`, then \`${reloadCommand}\``,
        start: () => undefined,
        readiness: () => undefined,
      }
    }
    case 'command':
      return {
        switch: (color) => `run switch-command with BG_COLOR=${color}`,
        start: () => undefined,
        readiness: () => undefined,
      }
    case 'kubernetes': {
      const { service, colorLabel, image } = target.kubernetes
      return {
        switch: (color) => `patch Service ${service}'s selector to ${colorLabel}=${color}, then wait for its endpoints`,
        start: (_, version) =>
          image ? `set the image ${image.replaceAll('{version}', version)} on its Deployment` : undefined,
        readiness: (color) => `wait until ${color}'s Deployment is rolled out`,
      }
    }
  }
}
