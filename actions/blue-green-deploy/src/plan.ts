import { colorUrl, otherColor, type DeployState } from '@shipgate/core/deploy'
import type { Inputs } from './inputs.js'

/** What `dry-run` prints: the steps the action would take from this state, changing nothing. */
export function describePlan(inputs: Inputs, state: DeployState): string[] {
  const active = state.active
  const activeVersion = active ? state.colors[active]?.version : undefined
  const verify = (where: string) =>
    `verify ${where}${inputs.healthPath}: ready within ${inputs.deadlineMs / 1000}s${inputs.durationMs > 0 ? `, then ${inputs.ratePerSecond} req/s for ${inputs.durationMs / 1000}s with error rate ≤ ${inputs.maxErrorRatePct}% and p95 ≤ ${inputs.maxP95Ms} ms` : ''}`
  const switching = (color: string) => [
    inputs.provider === 'nginx'
      ? `switch: rewrite ${inputs.nginx?.include} to ${color}, run \`${inputs.nginx?.testCommand}\`, then \`${inputs.nginx?.reloadCommand}\``
      : `switch: run switch-command with BG_COLOR=${color}`,
    ...(inputs.publicUrl ? [`confirm and ${verify(inputs.publicUrl.href.replace(/\/$/, ''))}`] : []),
    inputs.autoRollback && active
      ? `on failure: switch back to ${active} (${activeVersion})`
      : 'on failure: fail the step',
    `drain ${inputs.drainMs / 1000}s, then ${inputs.keepPrevious ? 'keep' : 'stop'} ${active ?? 'the old color'}`,
  ]
  const current = `now: ${active ? `${activeVersion} serves on ${active}` : 'nothing deployed'}${state.staged ? `; ${state.colors[state.staged]?.version} staged on ${state.staged}` : ''}`
  switch (inputs.action) {
    case 'deploy':
    case 'stage': {
      if (inputs.action === 'deploy' && active && activeVersion === inputs.version) {
        return [current, `${inputs.version} already serves: nothing to do`]
      }
      const color = active ? otherColor(active) : 'blue'
      return [
        current,
        `deploy ${inputs.version} on ${color} with deploy-command (BG_URL=${colorUrl(inputs, color).href})`,
        verify(colorUrl(inputs, color).href.replace(/\/$/, '')),
        ...(inputs.action === 'stage' ? ['stop there: staged, no traffic'] : switching(color)),
      ]
    }
    case 'promote':
      return state.staged ? [current, ...switching(state.staged)] : [current, 'nothing is staged: promote would fail']
    case 'reject':
      return state.staged
        ? [current, `stop ${state.staged} with stop-command; traffic stays on ${active ?? 'nothing'}`]
        : [current, 'nothing is staged: reject would fail']
  }
}
