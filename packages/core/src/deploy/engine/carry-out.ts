// The run of a plan under the lock, tidy on every path: whatever happens, this run's deploy is
// marked failed in the state when it did not finish, and the lock is let go.
import { UserError } from '../../action/errors.js'
import type { Plan } from '../plan.js'
import { FINAL_PHASES } from '../state.js'
import { phase, type DeployContext, type ExecuteOptions } from './context.js'
import { execute } from './execute.js'
import { recover } from './recover.js'
import { verdict, type Verdict } from './verdict.js'

/** After a user error mid-way: this run's unfinished deploy is marked failed, with the reason. */
export function markFailed(ctx: DeployContext, message: string): void {
  const current = ctx.state.current
  if (current?.runId === ctx.runId && !FINAL_PHASES.includes(current.phase)) phase(ctx, 'failed', message, message)
}

export interface Carried {
  verdict: Verdict
  /** What was done first about an interrupted deploy. */
  recovered: string | undefined
  /** An error that is not the user's (a bug, a disk that vanished): the caller reports it after cleaning up. */
  unexpected: unknown
}

/**
 * Carries out a plan under the lock, and whatever happens the deploy is left tidy: an error
 * mid-way marks this run's deploy failed in the state, and the lock is let go. The caller then
 * writes the outputs, the summary and the GitHub deployment status from the verdict, on every
 * path, before it reports an unexpected error.
 */
export async function carryOut(
  ctx: DeployContext,
  plan: Plan,
  options: ExecuteOptions,
  release: () => void,
): Promise<Carried> {
  let recovered: string | undefined
  try {
    recovered = await recover(ctx, plan.recovery)
    const work = plan.work
    if (work.kind === 'noop') {
      return { verdict: verdict('complete', work.message), recovered, unexpected: undefined }
    }
    if (work.kind === 'refuse') {
      return { verdict: verdict('failed', work.message, { passed: false }), recovered, unexpected: undefined }
    }
    return { verdict: await execute(ctx, work, options), recovered, unexpected: undefined }
  } catch (error) {
    const user = error instanceof UserError
    const message = user ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`
    try {
      markFailed(ctx, message)
    } catch (writeError) {
      ctx.log.warning(
        `Could not mark the deploy failed in the state: ${writeError instanceof Error ? writeError.message : String(writeError)}`,
      )
    }
    return { verdict: verdict('failed', message, { passed: false }), recovered, unexpected: user ? undefined : error }
  } finally {
    release()
  }
}
