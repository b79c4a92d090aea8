export { readWindowInputs, type WindowInputs } from './inputs.js'
export { parseJsonPath, valueAt, type PathStep } from './json-path.js'
export { judge, judgeOutcome, needsBody, type HealthCriteria, type AnswerVerdict } from './criteria.js'
export { answeredVersion } from './version.js'
export { HdrHistogram } from './hdr-histogram.js'
export {
  createDispatcher,
  probe,
  classifyError,
  type ProbeRequest,
  type ProbeOutcome,
  type FailureCause,
} from './http.js'
export { waitUntilReady, type ReadinessOptions, type ReadinessResult, type AttemptRecord } from './readiness.js'
export { runWindow, type WindowOptions, type WindowResult, type SecondSample, type UrlWindow } from './window.js'
export { evaluateWindow, describeCheck, errorRatePct, type Thresholds, type ThresholdCheck } from './thresholds.js'
export { checkHealth, type HealthCheckOptions, type HealthReport } from './check-health.js'
export { readHealthReport } from './health-report.js'
