import { truncate } from '../text/escape.js'
import { workspacePath } from '../text/workspace-path.js'
import type { Verdict } from './verdict.js'

/**
 * A problem the person running the workflow can fix (bad input, a missing or malformed file,
 * a gate that did not pass). The run wrapper prints its message as one `::error::` and no stack.
 */
export class UserError extends Error {
  override name = 'UserError'
}

/** Input values are shown cut; the run wrapper escapes the whole message when it prints it. */
function shown(value: string): string {
  return truncate(value, 120)
}

export class InputError extends UserError {
  override name = 'InputError'
  constructor(
    readonly input: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super(
      value === ''
        ? `Input '${input}' is required: expected ${expected}`
        : `Input '${input}' is '${shown(value)}': expected ${expected}`,
    )
  }
}

/** A file the action was pointed at is missing, unreadable or not of the expected form. */
export class FileError extends UserError {
  override name = 'FileError'
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    // Named as the summaries name it: relative to the workspace, not /home/runner/work/….
    super(`${shown(workspacePath(file))}${line === undefined ? '' : `:${line}`}: ${problem}`)
  }
}

/** The action ran to the end and its verdict is "failed"; the reasons are in the message. */
export class GateFailed extends UserError {
  override name = 'GateFailed'
}

/**
 * The ending every gate shares: a failed verdict fails the step, or with `fail: false` becomes a
 * warning and the step passes. `title` reads "Coverage gate failed" or "Not healthy".
 */
export function endGate(title: string, verdict: Verdict, fail: boolean, warn: (message: string) => void): void {
  if (verdict.passed) return
  if (fail) throw new GateFailed(`${title}: ${verdict.reason}`)
  warn(`${title} (fail is false, so the step passes): ${verdict.reason}`)
}
