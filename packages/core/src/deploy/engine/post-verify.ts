import { UserError } from '../../action/errors.js'
import { analyse, type AnalysisResult } from '../../metrics/index.js'
import type { HealthReport } from '../../probe/check-health.js'
import type { Step } from '../plan.js'
import { phase, type Run } from './context.js'
import { afterFailedSwitch } from './switch.js'
import type { Verdict } from './verdict.js'
import { verifyUrl } from './verify-url.js'

/**
 * The new version with traffic on it: the public URL's window and the metric checks, side by
 * side. The first to fail stops the other, so a bad version goes back as soon as either knows.
 */
export async function postVerifyStep(run: Run, step: Step<'post-verify'>): Promise<Verdict | undefined> {
  const { ctx, options } = run
  const publicUrl = ctx.target.publicUrl
  // A rollback restores in seconds and its watch judges metrics; a deploy is judged by both.
  const checks = run.rollback ? undefined : ctx.target.metrics
  if (!publicUrl && !checks) return undefined
  phase(
    ctx,
    'post-verify',
    [
      publicUrl && `${publicUrl.href} now that it serves ${step.version}`,
      checks && `${checks.checks.length} metric check(s)`,
    ]
      .filter(Boolean)
      .join(', and '),
  )
  const stop = new AbortController()
  const probing: Promise<HealthReport | undefined> = publicUrl
    ? verifyUrl(ctx, publicUrl, options.verification, { signal: stop.signal }).then((report) => {
        if (!report.healthy) stop.abort()
        return report
      })
    : Promise.resolve(undefined)
  const analysing: Promise<AnalysisResult | undefined> = checks
    ? analyse({
        ...checks,
        durationMs: Math.max(options.verification.durationMs, checks.intervalMs),
        placeholders: { version: step.version, color: run.work.color },
        signal: stop.signal,
        onEvaluation: (e) =>
          ctx.log.info(
            `  metric ${e.check} at ${(e.atMs / 1000).toFixed(1)}s: ${e.value ?? 'no data'} (${e.verdict}${e.detail ? `: ${e.detail}` : ''})`,
          ),
      }).then(
        (result) => {
          if (result.verdict !== 'pass') stop.abort()
          return result
        },
        (error: unknown) => {
          stop.abort()
          if (error instanceof UserError) return { verdict: 'fail' as const, reason: error.message, evaluations: [] }
          throw error
        },
      )
    : Promise.resolve(undefined)
  const [report, analysis] = await Promise.all([probing, analysing])
  if (report)
    run.reports.push({ label: run.rollback ? 'public URL after the rollback' : 'public URL after the switch', report })
  if (analysis && checks) run.metrics = { checks: checks.checks, result: analysis }
  const problem =
    analysis && analysis.verdict !== 'pass' ? analysis.reason : report && !report.healthy ? report.reason : undefined
  return problem ? afterFailedSwitch(run, problem) : undefined
}
