// `tsx tools/corpus-outputs.ts <out-dir>`: runs the committed coverage-gate and security-gate
// bundles over every report of tests/fixtures/corpus (curated and real), one run per file, and
// writes each run's outputs, report-json and error lines to <out-dir>, with the run's own temp
// paths and clock times replaced. A refactor that claims "no behaviour change" diffs two such
// directories (`diff -r before after`).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { repositoryListing } from '../tests/harness/git-index.js'
import { runAction } from '../tests/harness/run-action.js'
import { repoRoot } from './lib/action-yml.js'

const corpus = join(repoRoot, 'tests', 'fixtures', 'corpus')
const out = process.argv[2]
if (!out) {
  console.error('usage: tsx tools/corpus-outputs.ts <out-dir>')
  process.exit(2)
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return filesUnder(path)
    return /\.(md|txt)$/.test(name) ? [] : [path]
  })
}

/** Which gate reads a corpus file: its folder says (coverage formats, else a security report). */
const COVERAGE_FOLDERS = ['clover', 'cobertura', 'go-cover', 'istanbul', 'jacoco', 'lcov', 'coverage']

function normalize(text: string, dirs: string[]): string {
  let result = text
  for (const dir of dirs) result = result.replaceAll(dir, '<tmp>')
  return result
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/"(\w*(?:Ms|ms))": [\d.]+/g, '"$1": <ms>')
}

const files = filesUnder(corpus)
mkdirSync(out, { recursive: true })
for (const file of files) {
  const path = relative(corpus, file)
  const coverage = path.split('/').some((part) => COVERAGE_FOLDERS.includes(part))
  const action = coverage ? 'coverage-gate' : 'security-gate'
  // A coverage report is read in a checkout: its commit's file list where the corpus has one.
  const workspace = mkdtempSync(join(tmpdir(), 'shipgate-corpus-'))
  const tree = join(dirname(file), 'tree.txt')
  repositoryListing(workspace, existsSync(tree) ? readFileSync(tree, 'utf8').split('\n').filter(Boolean) : [])
  const run = await runAction(action, {
    inputs: { reports: file, ...(coverage ? {} : { 'fail-on-severity': 'none' }), fail: 'false' },
    workspace,
    timeoutMs: 120_000,
  })
  const reportPath = run.main.outputs['report-json']
  const report = reportPath ? readFileSync(reportPath, 'utf8') : ''
  const record = {
    action,
    exitCode: run.main.exitCode,
    outputs: { ...run.main.outputs, 'report-json': reportPath ? '<report-json>' : '' },
    errors: run.main.errors.map((error) => error.message),
    warnings: run.main.warnings.map((warning) => warning.message),
    report: report ? (JSON.parse(report) as unknown) : undefined,
  }
  const name = path.replaceAll('/', '__')
  writeFileSync(
    join(out, `${name}.json`),
    normalize(JSON.stringify(record, null, 2), [run.workspace, run.runnerTemp, corpus]),
  )
  rmSync(workspace, { recursive: true, force: true })
  console.log(`${action} ${path}: exit ${run.main.exitCode}`)
}
console.log(`${files.length} runs written to ${out}`)
