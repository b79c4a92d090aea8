export {
  readDeployTarget,
  PROVIDERS,
  COLORS,
  type DeployTarget,
  type KubernetesTarget,
  type ProviderName,
  type Color,
} from './inputs.js'
export {
  readState,
  writeState,
  emptyState,
  enterPhase,
  otherColor,
  PHASES,
  FINAL_PHASES,
  UNKNOWN_VERSION,
  type DeployState,
  type DeployRecord,
  type ColorState,
  type Phase,
  type PhaseEntry,
} from './state.js'
export {
  acquireLock,
  releaseLock,
  startHeartbeat,
  whyHolderIsGone,
  holderProcessGone,
  HEARTBEAT_EXPIRY_MS,
  HEARTBEAT_INTERVAL_MS,
  type LockHolder,
} from './lock.js'
export { fileStore, storeFor, storeFrom, type DeployStore, type StoreDescriptor } from './store.js'
export { Kubectl, KubectlError, classify as classifyKubectlError, type KubectlFailure } from './kubernetes/kubectl.js'
export { judgeRollout, judgeEndpoints, type Deployment, type EndpointSlice, type Rollout } from './kubernetes/judge.js'
export { microTime, holderOfLease } from './kubernetes/cluster-store.js'
export { deploymentName } from './kubernetes/provider.js'
export { COLOR_ANNOTATION, VERSION_ANNOTATION, kubernetesObservation, imageTag } from './kubernetes/observe.js'
export { runShell, type ShellResult } from './shell.js'
export { confirmVersion } from './confirm.js'
export {
  createProvider,
  colorEnv,
  upstreamLine,
  COMMAND_TIMEOUT_MS,
  type SwitchTarget,
  type TrafficProvider,
} from './providers/index.js'
export { colorUrl, joinUrl } from './urls.js'
export {
  switchTarget,
  phase,
  startColor,
  stopColor,
  verifyUrl,
  switchTraffic,
  type DeployContext,
} from './operations.js'
export {
  stepRunId,
  lockForStep,
  releaseLockInPost,
  openDeploy,
  inspectDeploy,
  markFailed,
  carryOut,
  type Carried,
} from './session.js'
export { reconcileLive, knowsServing, type Observation, type IdleColor, type Reconciled } from './adopt.js'
export { askUrl, type Answer } from './live.js'
export { timelineMarkdown } from './timeline.js'
export {
  makePlan,
  planRecovery,
  type Plan,
  type PlanOptions,
  type Recovery,
  type Request,
  type Step,
  type Work,
} from './plan.js'
export { execute, recover, type ExecuteOptions, type Verdict } from './execute.js'
export { describePlan } from './describe.js'
