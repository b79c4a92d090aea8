// `pnpm docs` writes action-docs/<name>.md from each action.yml; `--check` fails when a committed
// page differs from what would be generated (CI's check-docs).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { actionNames, readActionYml, repoRoot, type ActionYml } from './lib/action-yml.js'

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replaceAll('|', '\\|')
}

function defaultCell(value: string | undefined): string {
  if (value === undefined || value === '') return ''
  return `\`${value.replaceAll('|', '\\|')}\``
}

/** A value to show in the usage example: the default, else a placeholder that says what goes there. */
function exampleValue(name: string, spec: ActionYml['inputs'][string]): string {
  if (spec.default) return spec.default.includes(':') || spec.default.includes('$') ? `'${spec.default}'` : spec.default
  return `<${name}>`
}

export function renderDocs(name: string, yml: ActionYml, guide = ''): string {
  const inputs = Object.entries(yml.inputs)
  const required = inputs.filter(([, spec]) => spec.required)
  const usage = [
    `- uses: OWNER/shipgate/actions/${name}@v1`,
    '  with:',
    ...(required.length > 0 ? required : inputs.slice(0, 2)).map(
      ([input, spec]) => `    ${input}: ${exampleValue(input, spec)}`,
    ),
  ]
  const lines = [
    `<!-- Generated from actions/${name}/action.yml by \`pnpm docs\`. Do not edit. -->`,
    `# ${name}`,
    '',
    yml.description,
    '',
    '## Usage',
    '',
    '```yaml',
    ...usage,
    '```',
    '',
    `Pin a release tag (\`@v1\`, \`@v1.2\`, \`@v1.2.3\`) or, for a supply chain you control, a full commit SHA.`,
    '',
    '## Inputs',
    '',
    '| Input | Required | Default | Description |',
    '| --- | --- | --- | --- |',
    ...inputs.map(
      ([input, spec]) =>
        `| \`${input}\` | ${spec.required ? 'yes' : 'no'} | ${defaultCell(spec.default)} | ${cell(spec.description)} |`,
    ),
    '',
    '## Outputs',
    '',
    '| Output | Description |',
    '| --- | --- |',
    ...Object.entries(yml.outputs).map(([output, spec]) => `| \`${output}\` | ${cell(spec.description)} |`),
    '',
    // What a table of inputs cannot say (rules, recipes) lives in actions/<name>/guide.md.
    ...(guide ? [guide.trim(), ''] : []),
    '## Runtime',
    '',
    `Runs on \`${yml.runs.using}\` from the committed bundle \`${yml.runs.main}\`${
      yml.runs.post ? `, with a \`post:\` step (\`${yml.runs.post}\`) that always runs to clean up` : ''
    }. Works on Linux, macOS and Windows runners.`,
    '',
  ]
  return lines.join('\n')
}

function main(): void {
  const check = process.argv.includes('--check')
  const dir = join(repoRoot, 'action-docs')
  mkdirSync(dir, { recursive: true })
  const stale: string[] = []
  for (const name of actionNames()) {
    const file = join(dir, `${name}.md`)
    const guideFile = join(repoRoot, 'actions', name, 'guide.md')
    const guide = existsSync(guideFile) ? readFileSync(guideFile, 'utf8') : ''
    const page = renderDocs(name, readActionYml(join(repoRoot, 'actions', name)), guide)
    if (check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== page) stale.push(`action-docs/${name}.md`)
    } else {
      writeFileSync(file, page)
      console.log(`wrote action-docs/${name}.md`)
    }
  }
  if (stale.length > 0) {
    console.error(`docs are stale; run \`pnpm docs\` and commit:\n  ${stale.join('\n  ')}`)
    process.exit(1)
  }
  if (check) console.log('action-docs match action.yml')
}

if (process.argv[1]?.endsWith('docs.ts')) main()
