// Blue-green on Kubernetes through the real kubectl: each color is a Deployment, traffic goes
// where the Service's selector points. Unlike a switch on a timer, the Service is patched only
// once the color's Deployment is fully rolled out, with the resourceVersion it was read at, and
// the switch counts only once its EndpointSlices hold nothing but the new color's ready pods.
import { UserError } from '../../../action/errors.js'
import type { Logger } from '../../../action/logger.js'
import type { Color } from '../../model.js'
import type { KubernetesSettings } from './inputs.js'
import type { SwitchTarget, TrafficProvider } from '../provider.js'
import { judgeEndpoints, judgeRollout, type Deployment, type EndpointSlice } from './judge.js'
import { KubectlError, type Kubectl } from './kubectl.js'
import { runMigrationJob } from './migration-job.js'
import { COLOR_ANNOTATION, kubernetesObservation, VERSION_ANNOTATION, type Service } from './observe.js'

interface Pod {
  metadata: { name: string }
}

/** Readiness and endpoints are polled this often while a color starts or a switch settles. */
const POLL_MS = 500

export function deploymentName(target: KubernetesSettings, color: Color): string {
  return target.deployment.replaceAll('{service}', target.service).replaceAll('{color}', color)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function kubernetesProvider(target: KubernetesSettings, kubectl: Kubectl, log: Logger): TrafficProvider {
  const namespace = kubectl.namespace()
  const serviceRef = `Service ${namespace}/${target.service}`
  const deploymentRef = (color: Color) => `Deployment ${namespace}/${deploymentName(target, color)}`
  /** The selector this run set, to notice a GitOps controller reverting it. */
  let switchedTo: Color | undefined
  /** The Service as read just before a switch, started while the phase was written. */
  let beforeSwitch: Promise<Service> | undefined

  const service = () => kubectl.getJson<Service>(`read ${serviceRef}`, 'service', target.service)
  const deployment = (color: Color) =>
    kubectl.getJson<Deployment>(`read ${deploymentRef(color)}`, 'deployment', deploymentName(target, color))
  const selectorOf = (color: Color) => `${target.colorLabel}=${color}`

  return {
    async preflight() {
      // The three reads go together; a failure is reported in this order, the Service first.
      const reads = await Promise.allSettled([service(), deployment('blue'), deployment('green')])
      const failed = reads.find((read) => read.status === 'rejected')
      if (failed) throw failed.reason
      const [found, ...colors] = reads.map((read) => (read as PromiseFulfilledResult<Service & Deployment>).value)
      if (!found?.spec.selector || Object.keys(found.spec.selector).length === 0) {
        throw new UserError(
          `${serviceRef} has no selector: shipgate switches traffic by setting its ${target.colorLabel} key`,
        )
      }
      for (const [index, color] of (['blue', 'green'] as const).entries()) {
        const labels = colors[index]?.spec.template?.metadata?.labels ?? {}
        if (labels[target.colorLabel] !== color) {
          throw new UserError(
            `${deploymentRef(color)}'s pod template has no label ${target.colorLabel}=${color} (it has ${
              Object.entries(labels)
                .map(([key, value]) => `${key}=${value}`)
                .join(', ') || 'no labels'
            }): the Service could never select its pods (kubernetes-color-label is ${target.colorLabel})`,
          )
        }
      }
    },

    async start(switchTarget) {
      const { color, version } = switchTarget
      if (!target.image) {
        throw new UserError(
          `Nothing starts ${version} on ${color}: give kubernetes-image (e.g. ghcr.io/acme/app:{version}) or a deploy-command`,
        )
      }
      const current = await deployment(color)
      const containers = current.spec.template?.spec?.containers ?? []
      const container = target.container ?? containers[0]?.name
      if (!container || !containers.some((candidate) => candidate.name === container)) {
        throw new UserError(
          `${deploymentRef(color)} has no container ${container ?? '(none at all)'}: its containers are ${containers.map((c) => c.name).join(', ') || 'none'} (kubernetes-container)`,
        )
      }
      let replicas = target.replicas
      if (replicas === undefined) {
        const other = await deployment(color === 'blue' ? 'green' : 'blue')
        replicas = Math.max(1, other.spec.replicas ?? 1)
      }
      const image = target.image.replaceAll('{version}', version)
      log.info(`${deploymentRef(color)}: image ${image} on container ${container}, ${replicas} replica(s)`)
      const patch = {
        spec: {
          replicas,
          template: {
            metadata: { annotations: { [VERSION_ANNOTATION]: version } },
            spec: { containers: [{ name: container, image }] },
          },
        },
      }
      await kubectl.run(`update ${deploymentRef(color)}`, [
        'patch',
        'deployment',
        deploymentName(target, color),
        '--type=strategic',
        '-p',
        JSON.stringify(patch),
      ])
    },

    async stop(color) {
      await kubectl.run(`scale ${deploymentRef(color)} to 0`, [
        'scale',
        'deployment',
        deploymentName(target, color),
        '--replicas=0',
      ])
    },

    async waitReady(color, deadlineMs) {
      const start = performance.now()
      let last = 'not checked yet'
      for (;;) {
        const rollout = judgeRollout(await deployment(color))
        if (rollout.state === 'ready') {
          log.info(`${deploymentRef(color)} is rolled out: ${rollout.replicas} pod(s) updated and available`)
          return undefined
        }
        if (rollout.state === 'failed') return rollout.why
        if (rollout.why !== last) log.info(`  ${deploymentRef(color)}: ${rollout.why}`)
        last = rollout.why
        if (performance.now() - start > deadlineMs) {
          return `${deploymentRef(color)} was not rolled out within ${deadlineMs / 1000}s (last: ${last})`
        }
        await sleep(POLL_MS)
      }
    },

    beforeSwitch() {
      beforeSwitch = service()
      void beforeSwitch.catch(() => undefined)
    },

    async switchTo(switchTarget: SwitchTarget) {
      const { color, version } = switchTarget
      const current = await (beforeSwitch ?? service())
      beforeSwitch = undefined
      const patch = {
        metadata: {
          // The precondition: the patch applies only to the Service as it was just read.
          resourceVersion: current.metadata.resourceVersion,
          annotations: { [COLOR_ANNOTATION]: color, [VERSION_ANNOTATION]: version },
        },
        spec: { selector: { [target.colorLabel]: color } },
      }
      try {
        await kubectl.run(`patch ${serviceRef}`, [
          'patch',
          'service',
          target.service,
          '--type=merge',
          '-p',
          JSON.stringify(patch),
        ])
      } catch (error) {
        if (error instanceof KubectlError && error.failure === 'Conflict') {
          throw new UserError(
            `${serviceRef} was changed by someone else between reading it and switching it to ${color}; traffic is unchanged (is another tool managing this Service?)`,
          )
        }
        throw error
      }
      switchedTo = color
      log.info(`${serviceRef} now selects ${target.colorLabel}=${color} (${version})`)
    },

    async confirmSwitch(color, deadlineMs) {
      const start = performance.now()
      let last = 'not checked yet'
      for (;;) {
        const [current, pods, slices] = await Promise.all([
          deployment(color),
          kubectl.listJson<Pod>(`list the pods of ${color}`, 'pods', selectorOf(color)),
          kubectl.listJson<EndpointSlice>(
            `list the EndpointSlices of ${serviceRef}`,
            'endpointslices',
            `kubernetes.io/service-name=${target.service}`,
          ),
        ])
        const available = current.status?.availableReplicas ?? 0
        const why = judgeEndpoints(slices, new Set(pods.map((pod) => pod.metadata.name)), Math.max(1, available))
        if (why === undefined) {
          log.info(`${serviceRef}'s endpoints hold only ${color}'s ready pods (${Math.max(1, available)} or more)`)
          return undefined
        }
        last = why
        if (performance.now() - start > deadlineMs) {
          return `${serviceRef}'s endpoints did not settle on ${color} within ${deadlineMs / 1000}s: ${last}`
        }
        await sleep(POLL_MS)
      }
    },

    authoritative: true,
    replacesOnStart: true,

    async observe() {
      const [found, blue, green] = await Promise.all([service(), deployment('blue'), deployment('green')])
      return kubernetesObservation({
        serviceRef,
        service: found,
        deployments: { blue, green },
        deploymentRef,
        colorLabel: target.colorLabel,
        container: target.container,
      })
    },

    async drift(color) {
      if (switchedTo !== color) return undefined
      const selected = (await service()).spec.selector?.[target.colorLabel]
      return selected === color
        ? undefined
        : `${serviceRef} selects ${target.colorLabel}=${selected ?? '(nothing)'} again, not ${color}: something else (a GitOps controller?) changed it after the switch`
    },

    runMigrationJob: (job, options) => runMigrationJob(kubectl, target, job, options, log),

    commandEnv: (color) => ({ BG_NAMESPACE: namespace, BG_DEPLOYMENT: deploymentName(target, color) }),
  }
}
