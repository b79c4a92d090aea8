import { UserError } from '../../action/errors.js'
import { interruptedText, type Recovery } from '../plan.js'
import { phase, type DeployContext } from './context.js'
import { switchTraffic } from './switch.js'

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
