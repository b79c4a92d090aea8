export { readDeployTarget, PROVIDERS, COLORS, type DeployTarget, type ProviderName, type Color } from './inputs.js'
export {
  readState,
  writeState,
  emptyState,
  enterPhase,
  otherColor,
  PHASES,
  FINAL_PHASES,
  type DeployState,
  type DeployRecord,
  type ColorState,
  type Phase,
  type PhaseEntry,
} from './state.js'
export { acquireLock, releaseLock, type LockHolder } from './lock.js'
export { runShell, type ShellResult } from './shell.js'
export { answeredVersion, confirmVersion } from './confirm.js'
export {
  createProvider,
  colorEnv,
  upstreamLine,
  COMMAND_TIMEOUT_MS,
  type SwitchTarget,
  type TrafficProvider,
} from './providers/index.js'
export {
  colorUrl,
  joinUrl,
  switchTarget,
  phase,
  startColor,
  stopColor,
  verifyUrl,
  switchTraffic,
  recoverInterrupted,
  type DeployContext,
  type Verification,
} from './operations.js'
export { stepRunId, lockForStep, releaseLockInPost, openDeploy, markFailed } from './session.js'
export { timelineMarkdown } from './timeline.js'
