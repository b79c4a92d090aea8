import type { Step } from '../plan.js'
import { colorUrl } from '../urls.js'
import { verifyBesideServing } from './beside-serving.js'
import { failed, phase, type Run } from './context.js'
import { stopColor } from './stop.js'
import type { Verdict } from './verdict.js'
import { staleText, verifyUrl } from './verify-url.js'

/** The color on its own, before any traffic: the platform's readiness first, then HTTP as this version. */
export async function verifyStep(run: Run, step: Step<'verify'>): Promise<Verdict | undefined> {
  const { ctx } = run
  const { color, version } = step
  // The platform's readiness is read while the phase is written: a read changes nothing.
  const readiness = ctx.provider.waitReady?.(color, ctx.target.deadlineMs)
  void readiness?.catch(() => undefined)
  phase(
    ctx,
    'verifying',
    run.rollback
      ? `${color} (${version}) directly, before traffic goes back to it`
      : `${color} directly, before any traffic reaches it`,
  )
  const unhealthy = async (why: string) => {
    if (run.started) await stopColor(ctx, color)
    const from = run.work.from
    return failed(
      run,
      run.rollback
        ? `The rollback target ${version} on ${color} is not healthy (${why}); traffic stays on ${from?.color} (${from?.version})`
        : `${version} on ${color} did not pass verification, so it never received traffic: ${why}`,
    )
  }
  const notReady = await readiness
  if (notReady) return unhealthy(notReady)
  const beside = await verifyBesideServing(run, step)
  if (!beside.skipped) {
    if (beside.problem) return unhealthy(beside.problem)
  } else if (ctx.target.urls[color] || !ctx.provider.waitReady) {
    if (run.options.comparison && !run.rollback) {
      ctx.log.info(`No comparison: nothing serves yet beside ${color}, or its URL is not given`)
    }
    const report = await verifyUrl(ctx, colorUrl(ctx.target, color), run.options.verification, { version })
    run.reports.push({ label: `${color} (${version}) directly`, report })
    if (!report.healthy) return unhealthy(staleText(report, color, version, run.deployOutput) ?? report.reason)
  }
  const colorState = ctx.state.colors[color]
  if (colorState) colorState.verifiedAt = new Date().toISOString()
  return undefined
}
