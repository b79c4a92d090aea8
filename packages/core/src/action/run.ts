import * as core from '@actions/core'
import { escapeLog } from '../text/escape.js'
import { UserError } from './errors.js'

/**
 * The one catch of every action. A UserError becomes a single `::error::` with its message and
 * exit code 1; anything else is a bug: a single `::error::` saying so, with the stack in the
 * debug log (visible with ACTIONS_STEP_DEBUG) rather than in the user's face.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main()
  } catch (error) {
    if (error instanceof UserError) {
      core.setFailed(escapeLog(error.message))
      return
    }
    const message = error instanceof Error ? error.message : String(error)
    core.setFailed(
      `Unexpected error: ${escapeLog(message)}. This is a shipgate bug; the stack trace is in the debug log (re-run with debug logging).`,
    )
    if (error instanceof Error && error.stack) core.debug(escapeLog(error.stack))
  }
}
