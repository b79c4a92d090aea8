// Classifies how the public interface (every action.yml) changed between two versions, the way
// semver asks: what breaks a pinned `@v1` workflow is major, what adds to it is minor.
import type { ActionYml } from './action-yml.js'

export type Bump = 'major' | 'minor' | 'patch'
export const BUMP_ORDER: Record<Bump, number> = { patch: 0, minor: 1, major: 2 }

export interface ApiChange {
  action: string
  bump: Bump
  what: string
}

function isRequired(spec: ActionYml['inputs'][string]): boolean {
  return spec.required && spec.default === undefined
}

/** Changes from `before` to `after`, both keyed by action folder name. */
export function diffApi(before: Record<string, ActionYml>, after: Record<string, ActionYml>): ApiChange[] {
  const changes: ApiChange[] = []
  for (const action of Object.keys(before)) {
    if (!(action in after)) changes.push({ action, bump: 'major', what: 'action removed' })
  }
  for (const [action, now] of Object.entries(after)) {
    const was = before[action]
    if (!was) {
      changes.push({ action, bump: 'minor', what: 'action added' })
      continue
    }
    const add = (bump: Bump, what: string) => changes.push({ action, bump, what })
    for (const [name, spec] of Object.entries(was.inputs)) {
      const next = now.inputs[name]
      if (!next) {
        add('major', `input '${name}' removed`)
        continue
      }
      if (!isRequired(spec) && isRequired(next)) add('major', `input '${name}' became required`)
      if ((spec.default ?? '') !== (next.default ?? '')) {
        add('major', `input '${name}' default changed from '${spec.default ?? ''}' to '${next.default ?? ''}'`)
      }
      if (spec.description !== next.description) add('patch', `input '${name}' description changed`)
    }
    for (const [name, spec] of Object.entries(now.inputs)) {
      if (name in was.inputs) continue
      add(isRequired(spec) ? 'major' : 'minor', `input '${name}' added${isRequired(spec) ? ' as required' : ''}`)
    }
    for (const name of Object.keys(was.outputs)) {
      if (!(name in now.outputs)) add('major', `output '${name}' removed`)
    }
    for (const name of Object.keys(now.outputs)) {
      if (!(name in was.outputs)) add('minor', `output '${name}' added`)
    }
    if (was.runs.using !== now.runs.using)
      add('major', `runs.using changed from ${was.runs.using} to ${now.runs.using}`)
  }
  return changes
}

/** The smallest bump that covers every change; a release with no interface change is a patch. */
export function requiredBump(changes: readonly ApiChange[]): Bump {
  return changes.reduce<Bump>(
    (worst, change) => (BUMP_ORDER[change.bump] > BUMP_ORDER[worst] ? change.bump : worst),
    'patch',
  )
}

export function formatChanges(changes: readonly ApiChange[]): string {
  if (changes.length === 0) return 'No change to any action interface: a patch release.'
  const lines = changes.map((change) => `- ${change.bump}: ${change.action}: ${change.what}`)
  return [`Interface changes (needs a ${requiredBump(changes)} release):`, ...lines].join('\n')
}
