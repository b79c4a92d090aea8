import type { Step } from '../plan.js'
import { phase, type Run } from './context.js'
import { verdict, type Verdict } from './verdict.js'

/** Stage: the verified color waits, without traffic, for promote or reject. */
export function stageStep(run: Run, step: Step<'stage'>): Promise<Verdict> {
  run.ctx.state.staged = step.color
  const reason = `${step.version} is staged on ${step.color}, verified, without traffic: promote or reject it next`
  phase(run.ctx, 'staged', reason)
  return Promise.resolve(
    verdict('staged', reason, { from: run.work.from, reports: run.reports, comparison: run.comparison }),
  )
}
