export { readDeployTarget } from './inputs.js'
export { COLORS, PROVIDERS, otherColor, type Color, type DeployTarget, type ProviderName } from './model.js'
export { UNKNOWN_VERSION, type DeployState, type DeployRecord, type ColorState, type Phase } from './state.js'
export { storeFor, storeFrom, createProvider } from './providers/index.js'
export { microTime } from './providers/kubernetes/cluster-store.js'
export { joinUrl, colorUrl } from './urls.js'
export { openDeploy, inspectDeploy, releaseLockInPost } from './session.js'
export { timelineMarkdown } from './timeline.js'
export { makePlan, type Plan, type PlanOptions, type Request } from './plan.js'
export type { Verdict } from './engine/verdict.js'
export { describePlan } from './describe.js'
export { carryOut, type Carried } from './engine/carry-out.js'
export {
  readMigrationSettings,
  readMigrateRollbackSettings,
  type MigrationSettings,
  type MigrateRollbackSettings,
} from './migration/settings.js'
