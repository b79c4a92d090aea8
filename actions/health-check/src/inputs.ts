import {
  InputError,
  boolean,
  duration,
  httpUrl,
  linesOf,
  number,
  oneOf,
  statusRanges,
  text,
  type InputForm,
  type StatusRange,
  inputReader,
  runnerInput,
  type GetInput,
} from '@shipgate/core/action'
import { checkCompareWindow, readCompareLimits, type CompareLimits } from '@shipgate/core/compare'
import { parseJsonPath, readWindowInputs, type PathStep, type WindowInputs } from '@shipgate/core/probe'

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

export interface Inputs extends WindowInputs {
  urls: URL[]
  method: (typeof METHODS)[number]
  headers: Record<string, string>
  body: string | undefined
  expectedStatus: StatusRange[]
  bodyContains: string | undefined
  bodyRegex: RegExp | undefined
  json: { path: PathStep[]; pathText: string; expected: string } | undefined
  timeoutMs: number
  intervalMs: number
  deadlineMs: number
  consecutiveSuccesses: number
  maxP99Ms: number | undefined
  minRps: number | undefined
  fail: boolean
  /** The comparison with a baseline, when one is asked for. */
  baseline: { url: URL; report?: undefined } | { url?: undefined; report: string } | undefined
  comparison: CompareLimits | undefined
}

const header: InputForm<[string, string]> = {
  parse: (line) => {
    const match = /^([!#$%&'*+.^_`|~\w-]+)\s*:\s*(.*)$/.exec(line)
    return match?.[1] === undefined ? undefined : [match[1], match[2] ?? '']
  },
  expected: 'a `Name: value` header',
}

const regex: InputForm<RegExp> = {
  parse: (value) => {
    try {
      return new RegExp(value)
    } catch {
      return undefined
    }
  },
  expected: 'a valid JavaScript regular expression, e.g. "status":\\s*"ok"',
}

const jsonPath: InputForm<PathStep[]> = {
  parse: parseJsonPath,
  expected: "a JSON path of keys and indexes, e.g. $.status, $.checks[0].ok or $['db-status']",
}

export function readInputs(get: GetInput = runnerInput): Inputs {
  const { input, optionalInput } = inputReader(get)
  const pathSteps = optionalInput('json-path', jsonPath)
  const jsonExpected = optionalInput('json-expected', text)
  if (pathSteps !== undefined && jsonExpected === undefined) {
    throw new InputError('json-expected', '', 'the value json-path must have, because json-path is set')
  }
  const inputs: Inputs = {
    urls: input('url', linesOf(httpUrl)),
    method: input('method', oneOf(METHODS)),
    headers: Object.fromEntries(optionalInput('headers', linesOf(header)) ?? []),
    body: optionalInput('body', text),
    expectedStatus: input('expected-status', statusRanges),
    bodyContains: optionalInput('body-contains', text),
    bodyRegex: optionalInput('body-regex', regex),
    json:
      pathSteps === undefined || jsonExpected === undefined
        ? undefined
        : { path: pathSteps, pathText: input('json-path', text), expected: jsonExpected },
    timeoutMs: input('timeout', duration({ allowZero: false })),
    intervalMs: input('interval', duration({ allowZero: false })),
    deadlineMs: input('deadline', duration({ allowZero: false })),
    consecutiveSuccesses: input('consecutive-successes', number({ min: 1, integer: true })),
    ...readWindowInputs(get),
    maxP99Ms: optionalInput('max-p99', duration({ allowZero: false })),
    minRps: optionalInput('min-rps', number({ min: 0 })),
    fail: input('fail', boolean),
    baseline: undefined,
    comparison: readCompareLimits(get),
  }
  const baselineUrl = optionalInput('baseline-url', httpUrl)
  const baselineReport = optionalInput('baseline-report', text)
  if (baselineUrl && baselineReport) {
    throw new InputError('baseline-report', baselineReport, 'empty when baseline-url is given: one baseline at a time')
  }
  const named = baselineUrl ? 'baseline-url' : baselineReport ? 'baseline-report' : undefined
  if (!named) {
    if (inputs.comparison) {
      throw new InputError(
        'baseline-url',
        '',
        'the URL to compare with (or baseline-report), because max-slowdown or max-error-increase is set',
      )
    }
    return inputs
  }
  if (!inputs.comparison) {
    throw new InputError(
      'max-slowdown',
      '',
      `what the comparison with ${named} allows (max-slowdown, max-error-increase or both), because ${named} is set`,
    )
  }
  if (inputs.urls.length !== 1) {
    throw new InputError('url', inputs.urls.map((url) => url.href).join(' '), `one URL, the one compared with ${named}`)
  }
  checkCompareWindow(inputs.comparison, inputs.durationMs, inputs.ratePerSecond)
  inputs.baseline = baselineUrl ? { url: baselineUrl } : { report: baselineReport ?? '' }
  return inputs
}
