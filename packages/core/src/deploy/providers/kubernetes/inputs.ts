import { InputError, number, text, type InputForm, type InputReader } from '../../../action/index.js'

/** Where a kubernetes deploy acts: the Service whose selector is switched and each color's Deployment. */
export interface KubernetesSettings {
  service: string
  /** Undefined: the kubeconfig context's namespace, as kubectl picks it. */
  namespace: string | undefined
  context: string | undefined
  /** `{service}` and `{color}` are replaced. */
  deployment: string
  colorLabel: string
  image: string | undefined
  container: string | undefined
  replicas: number | undefined
}

/** A DNS-1123 name, as Kubernetes requires of Services, Deployments and namespaces. */
const kubernetesName: InputForm<string> = {
  parse: (value) => (/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(value) ? value : undefined),
  expected: 'a Kubernetes object name (lower-case letters, digits, - and .), e.g. web',
}

const deploymentPattern: InputForm<string> = {
  parse: (value) => (value.includes('{color}') ? value : undefined),
  expected: 'a Deployment name pattern holding {color} (and optionally {service}), e.g. {service}-{color}',
}

const labelKey: InputForm<string> = {
  parse: (value) => (/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(value) ? value : undefined),
  expected: 'a label key, e.g. color or app.kubernetes.io/color',
}

export function readKubernetesSettings(reader: InputReader): KubernetesSettings {
  const { input, optionalInput } = reader
  const service = optionalInput('kubernetes-service', kubernetesName)
  if (service === undefined) {
    throw new InputError(
      'kubernetes-service',
      '',
      'the name of the Service whose selector is switched, because provider is kubernetes',
    )
  }
  return {
    service,
    namespace: optionalInput('kubernetes-namespace', kubernetesName),
    context: optionalInput('kubernetes-context', text),
    deployment: input('kubernetes-deployment', deploymentPattern),
    colorLabel: input('kubernetes-color-label', labelKey),
    image: optionalInput('kubernetes-image', text),
    container: optionalInput('kubernetes-container', text),
    replicas: optionalInput('kubernetes-replicas', number({ min: 1, max: 1000, integer: true })),
  }
}
