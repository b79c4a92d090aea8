// The comparison inputs blue-green-deploy and health-check share by name: `max-slowdown`,
// `max-error-increase`, `min-samples`. Undefined when neither limit is set: no comparison.
import { InputError, inputReader, number, runnerInput, type GetInput, type InputForm } from '../action/index.js'
import type { CompareLimits } from './compare.js'

const slowdown: InputForm<number> = {
  parse: (value) => {
    const match = /^(\d+(?:\.\d+)?)%?$/.exec(value)
    return match ? Number(match[1]) : undefined
  },
  expected: 'a slowdown in percent, e.g. 20% (the new version may be at most 1.2× slower)',
}

const points: InputForm<number> = {
  parse: (value) => {
    const match = /^(\d+(?:\.\d+)?)$/.exec(value)
    const parsed = match ? Number(match[1]) : undefined
    return parsed !== undefined && parsed <= 100 ? parsed : undefined
  },
  expected: 'percentage points of error rate from 0 to 100, e.g. 1 (2% against 1% is 1 point)',
}

export function readCompareLimits(get: GetInput = runnerInput): CompareLimits | undefined {
  const { input, optionalInput } = inputReader(get)
  const maxSlowdownPct = optionalInput('max-slowdown', slowdown)
  const maxErrorIncreasePts = optionalInput('max-error-increase', points)
  if (maxSlowdownPct === undefined && maxErrorIncreasePts === undefined) return undefined
  const minSamples = input('min-samples', number({ min: 10, max: 1_000_000, integer: true }))
  return { maxSlowdownPct, maxErrorIncreasePts, minSamples }
}

/** A comparison is a window: it needs one, with at least min-samples requests in it. */
export function checkCompareWindow(limits: CompareLimits, durationMs: number, ratePerSecond: number): void {
  if (durationMs <= 0) {
    throw new InputError(
      'duration',
      '0',
      'a verification window (e.g. 30s), because max-slowdown or max-error-increase compares the two versions in it',
    )
  }
  const planned = Math.floor((durationMs / 1000) * ratePerSecond)
  if (planned < limits.minSamples) {
    throw new InputError(
      'min-samples',
      String(limits.minSamples),
      `at most the ${planned} requests the window sends to each side (duration ${durationMs / 1000}s × rate ${ratePerSecond}/s): raise duration or rate, or lower min-samples`,
    )
  }
}
