// shipgate's own rules for an action.yml, on top of what the runner's loader demands
// (runner-manifest.ts): kebab-case names, descriptions everywhere, defaults in action.yml only.
import type { ActionYml } from './action-yml.js'

const TOP_LEVEL = ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding']
const INPUT_KEYS = ['description', 'required', 'default', 'deprecationMessage']
const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']

function unknownKeys(value: unknown, allowed: string[]): string[] {
  if (typeof value !== 'object' || value === null) return []
  return Object.keys(value).filter((key) => !allowed.includes(key))
}

/** Problems with one action.yml; `raw` is the parsed document, `yml` its typed view. */
export function lintActionYml(raw: Record<string, unknown>, yml: ActionYml): string[] {
  const problems: string[] = []
  for (const key of unknownKeys(raw, TOP_LEVEL)) problems.push(`unknown top-level key '${key}'`)
  if (!yml.name) problems.push('name is missing')
  if (!yml.description) problems.push('description is missing')
  if (yml.runs?.using !== 'node24') problems.push(`runs.using is '${yml.runs?.using}': expected node24`)
  if (yml.runs?.main !== 'dist/index.js') problems.push(`runs.main is '${yml.runs?.main}': expected dist/index.js`)
  if (yml.branding && !BRANDING_COLORS.includes(yml.branding.color ?? '')) {
    problems.push(`branding.color '${yml.branding.color}' is not one of ${BRANDING_COLORS.join(', ')}`)
  }
  const rawInputs = (raw.inputs ?? {}) as Record<string, unknown>
  for (const [name, spec] of Object.entries(yml.inputs)) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) problems.push(`input '${name}' is not kebab-case`)
    for (const key of unknownKeys(rawInputs[name], INPUT_KEYS))
      problems.push(`input '${name}' has unknown key '${key}'`)
    if (!spec.description.trim()) problems.push(`input '${name}' has no description`)
    if (spec.required && spec.default !== undefined) problems.push(`input '${name}' is required and has a default`)
    if (!spec.required && spec.default === undefined) {
      problems.push(`input '${name}' is optional without a default: give it one (defaults live in action.yml only)`)
    }
  }
  for (const [name, spec] of Object.entries(yml.outputs)) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) problems.push(`output '${name}' is not kebab-case`)
    if (!spec.description.trim()) problems.push(`output '${name}' has no description`)
  }
  if (!('report-json' in yml.outputs)) problems.push("output 'report-json' is missing: every action writes one")
  return problems
}
