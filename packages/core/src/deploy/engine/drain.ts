import type { Step } from '../plan.js'
import { phase, type Run } from './context.js'

/** The new color serves; the previous one finishes its in-flight requests. */
export async function drainStep(run: Run, step: Step<'drain'>): Promise<undefined> {
  const { ctx, options } = run
  ctx.state.active = run.work.color
  phase(ctx, 'draining', `${step.previous ?? 'nothing'} keeps in-flight requests for ${options.drainMs / 1000}s`)
  if (step.previous && options.drainMs > 0) await new Promise((resolve) => setTimeout(resolve, options.drainMs))
  const drift = await ctx.provider.drift?.(run.work.color)
  if (drift) ctx.log.warning(drift)
  return undefined
}
