// The `components` input: a YAML list of parts of the repository, each with its own globs and its
// own rules, and `carryforward`, the components whose numbers may come from the baseline. Read once,
// up front; a mistake names the input and the component.
import { InputError, parsePercent } from '@shipgate/core/action'
import { parse } from 'yaml'

export interface ComponentSpec {
  name: string
  paths: string[]
  /** A component's own rules, each unset unless given. */
  limits: {
    minLinePct: number | undefined
    minBranchPct: number | undefined
    minPatchPct: number | undefined
    maxDropPct: number | undefined
  }
}

/** Every component, or the ones named. */
export type Carryforward = { all: true } | { all: false; names: Set<string> }

const EXAMPLE =
  'a YAML list of components, each with name, paths (globs) and any of min-line, min-branch, min-patch, max-drop, e.g. "- name: api\\n  paths: [services/api/**]\\n  min-line: 90"'
const RULES = {
  'min-line': 'minLinePct',
  'min-branch': 'minBranchPct',
  'min-patch': 'minPatchPct',
  'max-drop': 'maxDropPct',
} as const
const KEYS = new Set(['name', 'paths', ...Object.keys(RULES)])

export function parseComponents(text: string): ComponentSpec[] {
  const fail = (why: string) => new InputError('components', text, `${EXAMPLE}; ${why}`)
  let parsed: unknown
  try {
    parsed = parse(text)
  } catch (error) {
    throw fail(`it is not YAML: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`)
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw fail('it is not a list')
  const seen = new Set<string>()
  return parsed.map((entry: unknown, index): ComponentSpec => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw fail(`component ${index + 1} is not a mapping`)
    const fields = entry as Record<string, unknown>
    const name = fields.name
    if (typeof name !== 'string' || name.trim() === '') throw fail(`component ${index + 1} has no name`)
    const unknown = Object.keys(fields).filter((key) => !KEYS.has(key))
    if (unknown.length > 0) throw fail(`component ${name} has unknown key(s) ${unknown.join(', ')}`)
    if (seen.has(name)) throw fail(`the name ${name} is used by two components`)
    seen.add(name)
    const paths = typeof fields.paths === 'string' ? [fields.paths] : fields.paths
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((glob) => typeof glob === 'string' && glob !== ''))
      throw fail(`component ${name} needs paths, a list of globs`)
    const limit = (key: keyof typeof RULES): number | undefined => {
      const value = fields[key]
      if (value === undefined || value === null || value === '') return undefined
      const pct = typeof value === 'number' || typeof value === 'string' ? parsePercent(String(value)) : undefined
      if (pct === undefined)
        throw fail(`component ${name}: ${key} is ${JSON.stringify(value)}, not a percentage from 0 to 100`)
      return pct
    }
    return {
      name,
      paths: paths as string[],
      limits: {
        minLinePct: limit('min-line'),
        minBranchPct: limit('min-branch'),
        minPatchPct: limit('min-patch'),
        maxDropPct: limit('max-drop'),
      },
    }
  })
}

export function parseCarryforward(names: readonly string[], components: readonly ComponentSpec[]): Carryforward {
  if (names.length === 1 && names[0] === 'all') return { all: true }
  const known = new Set(components.map((component) => component.name))
  const unknown = names.filter((name) => !known.has(name))
  if (unknown.length > 0)
    throw new InputError(
      'carryforward',
      names.join(', '),
      `all, or names of components (${[...known].join(', ') || 'none is set'}); ${unknown.join(', ')} is not one`,
    )
  return { all: false, names: new Set(names) }
}

export const carries = (carry: Carryforward | undefined, name: string): boolean =>
  carry !== undefined && (carry.all || carry.names.has(name))
