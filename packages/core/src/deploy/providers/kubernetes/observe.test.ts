import { describe, expect, it } from '@jest/globals'
import type { Deployment } from './judge.js'
import { imageTag, kubernetesObservation } from './observe.js'

describe('kubernetesObservation: the Service selector names the serving color', () => {
  const deployment = (color: string, replicas: number, available: number, image = `app:${color}-tag`): Deployment => ({
    metadata: { name: `web-${color}`, generation: 1 },
    spec: {
      replicas,
      template: { metadata: { labels: { color } }, spec: { containers: [{ name: 'app', image }] } },
    },
    status:
      replicas === 0
        ? { observedGeneration: 1 }
        : { observedGeneration: 1, replicas, updatedReplicas: replicas, availableReplicas: available },
  })
  const observe = (
    selector: Record<string, string>,
    blue: Deployment,
    green: Deployment,
    annotations: Record<string, string> = {},
  ) =>
    kubernetesObservation({
      serviceRef: 'Service prod/web',
      service: { metadata: { name: 'web', annotations }, spec: { selector } },
      deployments: { blue, green },
      deploymentRef: (color) => `Deployment prod/web-${color}`,
      colorLabel: 'color',
      container: undefined,
    })

  it('adopts the selected color with the version the Service is annotated with', () => {
    expect(
      observe({ app: 'web', color: 'blue' }, deployment('blue', 2, 2, 'app:v1'), deployment('green', 0, 0), {
        'shipgate.dev/color': 'blue',
        'shipgate.dev/version': 'v1',
      }),
    ).toEqual({
      where: 'Service prod/web',
      kind: 'serving',
      color: 'blue',
      version: 'v1',
      source: 'Service prod/web selects color=blue (Deployment prod/web-blue: 2 pod(s) available)',
      pointsAt: 'blue',
      idle: {},
    })
  })
  it("takes the image tag when the Service's annotations name another color or none", () => {
    expect(
      observe(
        { color: 'green' },
        deployment('blue', 1, 1, 'app:v1'),
        deployment('green', 2, 2, 'ghcr.io/a/app:v2@sha256:ab'),
        {
          'shipgate.dev/color': 'blue',
          'shipgate.dev/version': 'v1',
        },
      ),
    ).toMatchObject({
      kind: 'serving',
      color: 'green',
      version: 'v2',
      idle: { blue: { version: 'v1' } },
    })
  })
  it('a selected color scaled to 0 is a first install', () => {
    expect(observe({ color: 'blue' }, deployment('blue', 0, 0), deployment('green', 0, 0))).toMatchObject({
      kind: 'nothing',
      pointsAt: 'blue',
    })
  })
  it('a selected color with no available pod, or no color key while pods serve, is unverifiable', () => {
    expect(observe({ color: 'blue' }, deployment('blue', 2, 0), deployment('green', 0, 0))).toMatchObject({
      kind: 'unverifiable',
      why: expect.stringContaining('Deployment prod/web-blue is not fully available (0 of 2 pods available)'),
    })
    expect(observe({ app: 'web' }, deployment('blue', 2, 2), deployment('green', 0, 0))).toMatchObject({
      kind: 'unverifiable',
    })
    expect(observe({ color: 'red' }, deployment('blue', 2, 2), deployment('green', 0, 0))).toMatchObject({
      kind: 'unverifiable',
    })
  })
  it.each([
    ['app:v1', 'v1'],
    ['ghcr.io/acme/app:1.2.3', '1.2.3'],
    ['registry:5000/app', undefined],
    ['app@sha256:abc', undefined],
    ['registry:5000/app:v2@sha256:abc', 'v2'],
  ])('image tag of %s is %s', (image, tag) => {
    expect(imageTag(image)).toBe(tag)
  })
})
