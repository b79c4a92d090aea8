// Carries out a plan (plan.ts) step by step, writing each phase to the state before it starts.
// Never leaves traffic on an unverified color: a failed check after a switch goes back.
import { UserError } from '../action/errors.js'
import { analyse, type AnalysisResult, type MetricCheck } from '../metrics/index.js'
import type { HealthReport } from '../probe/check-health.js'
import type { WindowInputs } from '../probe/inputs.js'
import type { Color } from './inputs.js'
import { colorUrl } from './urls.js'
import { phase, startColor, stopColor, switchTraffic, verifyUrl, type DeployContext } from './operations.js'
import { interruptedText, type Recovery, type Step, type Work } from './plan.js'

/** What a deploy or a rollback came to, and why. */
export interface Verdict {
  phase: string
  rolledBack: boolean
  /** What happened, in one sentence. */
  message: string
  /** Set when the step must fail, with the reason. */
  failure?: string
  from?: { color: Color; version: string }
  to?: { color: Color; version: string; redeployed: boolean }
  reports: Array<{ label: string; report: HealthReport }>
  /** The metrics analysis after the switch, when checks were given. */
  metrics?: { checks: MetricCheck[]; result: AnalysisResult }
}

export interface ExecuteOptions {
  verification: WindowInputs
  drainMs: number
  /** Why this runs (a rollback's trigger), kept with the deploy record. */
  reason?: string
}

const STEP_TITLES: Record<Step['kind'], string> = {
  start: 'deploying',
  verify: 'verifying',
  stage: 'staging',
  switch: 'switching',
  'post-verify': 'verifying after the switch',
  drain: 'draining',
  stop: 'stopping',
}

/** Finishes off an interrupted deploy as planned; returns what was done. */
export async function recover(ctx: DeployContext, recovery: Recovery | undefined): Promise<string | undefined> {
  if (!recovery) return undefined
  const interrupted = interruptedText(recovery)
  switch (recovery.kind) {
    case 'complete':
      phase(ctx, 'complete', `${interrupted}; it had passed verification, so it is marked complete`)
      return `${interrupted}; it had passed verification and is now marked complete`
    case 'restore': {
      const { color, version } = recovery
      ctx.log.warning(`${interrupted}: restoring traffic to the last verified color, ${color} (${version})`)
      const notConfirmed = await switchTraffic(ctx, color, version)
      if (notConfirmed) {
        throw new UserError(
          `Recovery failed: ${notConfirmed}. Traffic may be on ${recovery.interrupted.color}; fix by hand.`,
        )
      }
      const reason = `interrupted in ${recovery.interrupted.phase}; traffic restored to ${color} (${version})`
      phase(ctx, 'failed', `${interrupted}; traffic restored to ${color}`, reason)
      return `${interrupted}; traffic restored to ${color} (${version})`
    }
    case 'abandon':
      phase(
        ctx,
        'failed',
        `${interrupted}; traffic had not moved`,
        `interrupted in ${recovery.interrupted.phase} before any switch`,
      )
      return `${interrupted}; traffic had not moved from ${ctx.state.active ?? 'its place'}`
  }
}

/** A color that still answers as another version than the one deployed there, in words; else undefined. */
function staleText(report: HealthReport, color: Color, version: string, deployOutput: string): string | undefined {
  const other = report.readiness.find((result) => result.lastFailure?.otherVersion !== undefined)
  const answered = other?.lastFailure?.otherVersion
  if (!other || answered === undefined) return undefined
  return `${color} still answers as ${answered}, not ${version}, at ${other.url} after ${other.attempts} attempts${deployOutput ? `; deploy-command's last output:\n${deployOutput}` : ''}`
}

function begin(ctx: DeployContext, work: Work, reason: string | undefined): void {
  ctx.state.current = {
    runId: ctx.runId,
    action: work.action,
    version: work.version,
    color: work.color,
    phase: 'deploying',
    startedAt: new Date().toISOString(),
    timeline: [],
    ...(reason === undefined ? {} : { reason }),
  }
  if (work.action === 'promote' || work.action === 'reject') ctx.state.staged = undefined
}

/** Runs the planned steps; returns the verdict. A UserError from a step (a failed command) is thrown. */
export async function execute(ctx: DeployContext, work: Work, options: ExecuteOptions): Promise<Verdict> {
  const { color, version, from } = work
  const rollback = work.action === 'rollback'
  const reports: Verdict['reports'] = []
  let metrics: Verdict['metrics']
  const fail = (message: string): Verdict => {
    phase(ctx, 'failed', message, message)
    return {
      phase: 'failed',
      rolledBack: false,
      message,
      failure: message,
      from,
      reports,
      ...(metrics ? { metrics } : {}),
    }
  }
  /** A switch that was not confirmed, or a check after it that failed. */
  const afterFailedSwitch = async (problem: string): Promise<Verdict> => {
    if (work.onFailure === 'fail' || !from) {
      return fail(
        `${version} failed verification after the switch (${problem})${from ? '; auto-rollback is off' : '; there is no previous color to go back to'}`,
      )
    }
    if (!rollback) {
      ctx.log.warning(
        `Verification after the switch failed (${problem}); switching back to ${from.color} (${from.version})`,
      )
    }
    const back = await switchTraffic(ctx, from.color, from.version)
    if (rollback) {
      return fail(
        `Traffic went to ${version} on ${color} but ${problem}; ${back ? `switching back to ${from.color} was not confirmed either (${back}): check by hand` : `it is back on ${from.color} (${from.version})`}`,
      )
    }
    if (back) {
      return fail(
        `${version} failed after the switch (${problem}) and switching back to ${from.color} was not confirmed: ${back}`,
      )
    }
    await stopColor(ctx, color)
    const failed = ctx.state.colors[color]
    if (failed) failed.rolledBackAt = new Date().toISOString()
    const message = `${version} failed verification after the switch (${problem}); traffic is back on ${from.color} (${from.version})`
    phase(ctx, 'rolled-back', message, message)
    return {
      phase: 'rolled-back',
      rolledBack: true,
      message,
      failure: message,
      from,
      reports,
      ...(metrics ? { metrics } : {}),
    }
  }

  begin(ctx, work, options.reason)
  let started = false
  let deployOutput = ''
  /** One planned step; a verdict when the work ends there. */
  const runStep = async (step: Step): Promise<Verdict | undefined> => {
    switch (step.kind) {
      case 'start':
        phase(
          ctx,
          'deploying',
          rollback
            ? `${version} again on ${color}: its color no longer runs it`
            : `${version} on ${color}${ctx.target.urls[color] ? ` (${ctx.target.urls[color]?.href})` : ''}`,
        )
        deployOutput = await startColor(ctx, color, version)
        started = true
        return undefined
      case 'verify': {
        // The platform's readiness is read while the phase is written: a read changes nothing.
        const readiness = ctx.provider.waitReady?.(color, ctx.target.deadlineMs)
        void readiness?.catch(() => undefined)
        phase(
          ctx,
          'verifying',
          rollback
            ? `${color} (${version}) directly, before traffic goes back to it`
            : `${color} directly, before any traffic reaches it`,
        )
        const unhealthy = async (why: string) => {
          if (started) await stopColor(ctx, color)
          return fail(
            rollback
              ? `The rollback target ${version} on ${color} is not healthy (${why}); traffic stays on ${from?.color} (${from?.version})`
              : `${version} on ${color} did not pass verification, so it never received traffic: ${why}`,
          )
        }
        // The platform's own readiness first (a Deployment fully rolled out), then HTTP.
        const notReady = await readiness
        if (notReady) return unhealthy(notReady)
        if (ctx.target.urls[color] || !ctx.provider.waitReady) {
          const report = await verifyUrl(ctx, colorUrl(ctx.target, color), options.verification, { version })
          reports.push({ label: `${color} (${version}) directly`, report })
          if (!report.healthy) return unhealthy(staleText(report, color, version, deployOutput) ?? report.reason)
        }
        const colorState = ctx.state.colors[color]
        if (colorState) colorState.verifiedAt = new Date().toISOString()
        return undefined
      }
      case 'stage': {
        ctx.state.staged = color
        const message = `${version} is staged on ${color}, verified, without traffic: promote or reject it next`
        phase(ctx, 'staged', message)
        return { phase: 'staged', rolledBack: false, message, from, reports }
      }
      case 'switch': {
        ctx.provider.beforeSwitch?.()
        phase(ctx, 'switching', `traffic ${rollback ? 'back ' : ''}to ${color} (${version})`)
        const notConfirmed = await switchTraffic(ctx, color, version)
        if (notConfirmed) return afterFailedSwitch(notConfirmed)
        return undefined
      }
      case 'post-verify': {
        const publicUrl = ctx.target.publicUrl
        // A rollback restores in seconds and its watch judges metrics; a deploy is judged by both.
        const checks = rollback ? undefined : ctx.target.metrics
        if (!publicUrl && !checks) return undefined
        phase(
          ctx,
          'post-verify',
          [
            publicUrl && `${publicUrl.href} now that it serves ${version}`,
            checks && `${checks.checks.length} metric check(s)`,
          ]
            .filter(Boolean)
            .join(', and '),
        )
        // The first to fail stops the other: a bad version goes back as soon as either knows.
        const stop = new AbortController()
        const probing = publicUrl
          ? verifyUrl(ctx, publicUrl, options.verification, { signal: stop.signal }).then((report) => {
              if (!report.healthy) stop.abort()
              return report
            })
          : Promise.resolve(undefined)
        const analysing = checks
          ? analyse({
              ...checks,
              durationMs: Math.max(options.verification.durationMs, checks.intervalMs),
              placeholders: { version, color },
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
                if (error instanceof UserError)
                  return { verdict: 'fail' as const, reason: error.message, evaluations: [] }
                throw error
              },
            )
          : Promise.resolve(undefined)
        const [report, analysis] = await Promise.all([probing, analysing])
        if (report)
          reports.push({ label: rollback ? 'public URL after the rollback' : 'public URL after the switch', report })
        if (analysis && checks) metrics = { checks: checks.checks, result: analysis }
        const problem =
          analysis && analysis.verdict !== 'pass'
            ? analysis.reason
            : report && !report.healthy
              ? report.reason
              : undefined
        if (problem) return afterFailedSwitch(problem)
        return undefined
      }
      case 'drain':
        ctx.state.active = color
        phase(ctx, 'draining', `${step.previous ?? 'nothing'} keeps in-flight requests for ${options.drainMs / 1000}s`)
        if (step.previous && options.drainMs > 0) await new Promise((resolve) => setTimeout(resolve, options.drainMs))
        {
          const drift = await ctx.provider.drift?.(color)
          if (drift) ctx.log.warning(drift)
        }
        return undefined
      case 'stop':
        await stopColor(ctx, step.color)
        return undefined
    }
  }
  // Each step in its own collapsible log group, so a deploy's log reads phase by phase.
  for (const step of work.steps) {
    const ended = await ctx.log.group(STEP_TITLES[step.kind], () => runStep(step))
    if (ended) return ended
  }
  const done = finish(ctx, work, options, reports)
  return metrics ? { ...done, metrics } : done
}

function finish(ctx: DeployContext, work: Work, options: ExecuteOptions, reports: Verdict['reports']): Verdict {
  const { color, version, from } = work
  const { state } = ctx
  if (work.action === 'reject') {
    const message = `${version} on ${color} is rejected and stopped; traffic never reached it`
    phase(ctx, 'rejected', message)
    return { phase: 'rejected', rolledBack: false, message, from, reports }
  }
  if (work.action === 'rollback') {
    const now = new Date().toISOString()
    const target = state.colors[color]
    if (target) target.verifiedAt = now
    const left = from ? state.colors[from.color] : undefined
    if (left) left.rolledBackAt = now
    state.active = color
    const reason = options.reason ?? 'rolled back'
    const message = `Rolled back from ${from?.version} (${from?.color}) to ${version} (${color})${work.redeploy ? ', redeployed' : ''}: ${reason}`
    phase(ctx, 'rolled-back', message, reason)
    return {
      phase: 'rolled-back',
      rolledBack: true,
      message,
      from,
      to: { color, version, redeployed: work.redeploy },
      reports,
    }
  }
  const kept = from ? state.colors[from.color]?.running : undefined
  const message = `${version} serves on ${color}${from ? `; ${from.color} (${from.version}) is ${kept ? 'kept for an instant rollback' : 'stopped'}` : ''}`
  phase(ctx, 'complete', message)
  return { phase: 'complete', rolledBack: false, message, from, reports }
}
