import { FileError } from '@shipgate/core/action'

/**
 * A count a report states that sums and loops rely on (statements, branches, line numbers): a
 * whole number no larger than 2^53 − 1. Beyond that a double rounds, sums lose units and outputs
 * turn into 1e+23; no file has that many statements, so the report is wrong.
 */
export function checkedCount(value: number, file: string, what: string, line?: number): number {
  if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
    throw new FileError(file, `${what} is too large: expected a count below 2^53`, line)
  }
  return value
}

/**
 * A hit count is only ever compared with 0, and real tools do overflow it: istanbul writes -1 as
 * the u64 18446744073709551615 (coverallsapp/coverage-reporter keeps such a file as a fixture).
 * It means the line ran; it is kept below 2^53 so nothing derived from it rounds.
 */
export function hitCount(value: number): number {
  return Math.min(value, Number.MAX_SAFE_INTEGER)
}
