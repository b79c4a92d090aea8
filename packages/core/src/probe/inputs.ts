import { InputError, duration, number, percent, inputReader, runnerInput, type GetInput } from '../action/index.js'

/** The verification-window inputs health-check, blue-green-deploy and rollback share by name. */
export interface WindowInputs {
  durationMs: number
  ratePerSecond: number
  maxErrorRatePct: number
  maxP95Ms: number
}

export function readWindowInputs(get: GetInput = runnerInput): WindowInputs {
  const { input } = inputReader(get)
  const window: WindowInputs = {
    durationMs: input('duration', duration({ allowZero: true })),
    ratePerSecond: input('rate', number({ min: 0 })),
    maxErrorRatePct: input('max-error-rate', percent),
    maxP95Ms: input('max-p95', duration({ allowZero: false })),
  }
  if (window.durationMs > 0 && window.ratePerSecond <= 0) {
    throw new InputError(
      'rate',
      String(window.ratePerSecond),
      'a rate above 0 requests per second, because duration is set',
    )
  }
  return window
}
