// What a cluster shipgate did not set up serves: the Service's selector names the color, its
// version comes from shipgate's annotations or the image tag. Pure, over the objects kubectl read.
import type { IdleColor, Observation } from '../../adopt.js'
import { COLORS, type Color } from '../../model.js'
import { judgeRollout, type Deployment } from './judge.js'

export const COLOR_ANNOTATION = 'shipgate.dev/color'
export const VERSION_ANNOTATION = 'shipgate.dev/version'

export interface Service {
  metadata: { name: string; resourceVersion?: string; annotations?: Record<string, string> }
  spec: { selector?: Record<string, string> }
}

/** The tag of an image reference (`ghcr.io/acme/app:v1@sha256:…` → `v1`), or undefined for none. */
export function imageTag(image: string | undefined): string | undefined {
  const name = image?.split('@')[0] ?? ''
  const colon = name.lastIndexOf(':')
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) || undefined : undefined
}

/** The version a Deployment's pod template runs: shipgate's annotation, else the container's image tag. */
function templateVersion(deployment: Deployment, container: string | undefined): string | undefined {
  const template = deployment.spec.template
  const annotated = template?.metadata?.annotations?.[VERSION_ANNOTATION]
  if (annotated) return annotated
  const containers = template?.spec?.containers ?? []
  const chosen = container === undefined ? containers[0] : containers.find((candidate) => candidate.name === container)
  return imageTag(chosen?.image)
}

export function kubernetesObservation(facts: {
  serviceRef: string
  service: Service
  deployments: Record<Color, Deployment>
  deploymentRef: (color: Color) => string
  colorLabel: string
  container: string | undefined
}): Observation {
  const { serviceRef, deployments, colorLabel } = facts
  const where = serviceRef
  const running = (color: Color) => (deployments[color].spec.replicas ?? 1) > 0
  const idle = (except?: Color): Partial<Record<Color, IdleColor>> =>
    Object.fromEntries(
      COLORS.filter((color) => color !== except && running(color)).map((color) => [
        color,
        { version: templateVersion(deployments[color], facts.container) },
      ]),
    )
  const selected = facts.service.spec.selector?.[colorLabel]
  if (selected === undefined) {
    const serving = COLORS.filter((color) => (deployments[color].status?.availableReplicas ?? 0) > 0)
    if (serving.length === 0) {
      return {
        where,
        kind: 'nothing',
        why: `${serviceRef} selects no ${colorLabel} and no pod of either color is available`,
        idle: idle(),
      }
    }
    return {
      where,
      kind: 'unverifiable',
      why: `${serviceRef} has no ${colorLabel} key in its selector, so it sends traffic to every available pod of ${serving.join(' and ')}: shipgate cannot tell which color serves. Add ${colorLabel}=<the color that serves> to its selector, then run again`,
    }
  }
  if (selected !== 'blue' && selected !== 'green') {
    return {
      where,
      kind: 'unverifiable',
      why: `${serviceRef} selects ${colorLabel}=${selected}, which is neither blue nor green (kubernetes-color-label is ${colorLabel})`,
    }
  }
  const deployment = deployments[selected]
  const at = `${serviceRef} selects ${colorLabel}=${selected}`
  if (!running(selected)) {
    return {
      where,
      kind: 'nothing',
      why: `${at}, and ${facts.deploymentRef(selected)} is scaled to 0: nothing serves yet`,
      pointsAt: selected,
      idle: idle(selected),
    }
  }
  const rollout = judgeRollout(deployment)
  if (rollout.state !== 'ready') {
    return {
      where,
      kind: 'unverifiable',
      pointsAt: selected,
      why: `${at}, but ${facts.deploymentRef(selected)} is not fully available (${rollout.why}): shipgate adopts only a color that serves. Let its rollout finish or scale it to 0, then run again`,
    }
  }
  const annotations = facts.service.metadata.annotations ?? {}
  const annotatedColor = annotations[COLOR_ANNOTATION]
  const fromService =
    annotatedColor === undefined || annotatedColor === selected ? annotations[VERSION_ANNOTATION] : undefined
  const version = fromService ?? templateVersion(deployment, facts.container)
  return {
    where,
    kind: 'serving',
    color: selected,
    version,
    source: `${at} (${facts.deploymentRef(selected)}: ${rollout.replicas} pod(s) available)`,
    pointsAt: selected,
    idle: idle(selected),
  }
}
