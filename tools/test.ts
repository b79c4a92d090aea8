// `pnpm test`: runs Jest (ESM, so with --experimental-vm-modules) and ends with the plain totals
// line CI reads: `Tests: N passed, N failed, N skipped`. Arguments go through to Jest.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './lib/action-yml.js'
import { ensureNode24 } from './node24.js'
import { ensureSystemPackages } from './lib/system.js'

// Everything runs under Node 24, as on the hosted runner: the bundles in the end-to-end tests and
// Jest itself. Installed once here rather than raced for by two Jest workers.
ensureSystemPackages('The tests')
const node24 = ensureNode24()
const resultsFile = join(repoRoot, '.jest-results.json')
rmSync(resultsFile, { force: true })
const jest = join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js')
const run = spawnSync(node24, [jest, '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
})

interface JestResults {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
  numRuntimeErrorTestSuites: number
}

if (!existsSync(resultsFile)) {
  console.log('Tests: 0 passed, 1 failed (Jest wrote no results)')
  process.exit(run.status || 1)
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults
// A suite that fails to load has no failed test in it, but it is a failure all the same.
const failed = results.numFailedTests + results.numRuntimeErrorTestSuites
console.log(
  `Tests: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped`,
)
process.exit(run.status ?? 1)
