// Reads an action's interface from its action.yml: the one source of defaults, docs and API diffs.
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..')

export interface ActionInput {
  description: string
  required: boolean
  default: string | undefined
}

export interface ActionYml {
  name: string
  description: string
  inputs: Record<string, ActionInput>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string; post?: string; 'post-if'?: string }
  branding?: { icon?: string; color?: string }
}

/** A YAML scalar as text; anything else (the runner refuses it: runner-manifest.ts) as ''. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : ''
}

export function parseActionYml(source: string, file = 'action.yml'): ActionYml {
  const document: unknown = parse(source)
  if (typeof document !== 'object' || document === null) throw new Error(`${file}: not a YAML mapping`)
  const raw = document as Record<string, unknown>
  const inputs: Record<string, ActionInput> = {}
  for (const [name, spec] of Object.entries((raw.inputs ?? {}) as Record<string, Record<string, unknown>>)) {
    inputs[name] = {
      description: scalarText(spec?.description),
      required: spec?.required === true,
      default: spec?.default === undefined ? undefined : scalarText(spec.default),
    }
  }
  const outputs: Record<string, { description: string }> = {}
  for (const [name, spec] of Object.entries((raw.outputs ?? {}) as Record<string, Record<string, unknown>>)) {
    outputs[name] = { description: scalarText(spec?.description) }
  }
  return {
    name: scalarText(raw.name),
    description: scalarText(raw.description),
    inputs,
    outputs,
    runs: raw.runs as ActionYml['runs'],
    branding: raw.branding as ActionYml['branding'],
  }
}

export function readActionYml(actionDir: string): ActionYml {
  const file = join(actionDir, 'action.yml')
  return parseActionYml(readFileSync(file, 'utf8'), file)
}

/** The published actions, by folder name, in a stable order. */
export function actionNames(): string[] {
  return readdirSync(join(repoRoot, 'actions'))
    .filter((name) => existsSync(join(repoRoot, 'actions', name, 'action.yml')))
    .sort()
}

/**
 * What an action's readInputs sees on a runner, without the runner: the action.yml defaults
 * (expressions such as `${{ github.token }}` left empty) with `values` on top. For unit tests.
 */
export function defaultsWith(action: string, values: Record<string, string>): (name: string) => string {
  const { inputs } = readActionYml(join(repoRoot, 'actions', action))
  return (name) => {
    if (name in values) return values[name]?.trim() ?? ''
    const fallback = inputs[name]?.default ?? ''
    return fallback.includes('${{') ? '' : fallback.trim()
  }
}
