export { UserError, InputError, FileError, GateFailed, endGate } from './errors.js'
export type { Verdict } from './verdict.js'
export { runAction } from './run.js'
export { onShutdown } from './signals.js'
export { mainOrPost } from './post.js'
export { actionLog, memoryLog, type Logger, type LogLine, type AnnotationPlace } from './logger.js'
export { saveStepState, stepState } from './step-state.js'
export {
  input,
  optionalInput,
  text,
  boolean,
  duration,
  percent,
  statusRanges,
  number,
  oneOf,
  list,
  listOf,
  httpUrl,
  linesOf,
  secretInput,
  inputReader,
  inputsFrom,
  runnerInput,
  type GetInput,
  type InputForm,
  type InputReader,
} from './inputs.js'
export {
  parseBoolean,
  parseDuration,
  parsePercent,
  parseStatusRanges,
  splitList,
  statusMatches,
  type StatusRange,
} from './parse.js'
export { setOutputs, type OutputValue } from './outputs.js'
export { findFiles } from './glob.js'
export { readJsonFile, readJsonText, notJson, readJsonObject, readShipgateReport, MAX_JSON_BYTES } from './json-file.js'
