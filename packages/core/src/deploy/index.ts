export { readDeployTarget, PROVIDERS, COLORS, type DeployTarget, type ProviderName, type Color } from './inputs.js'
