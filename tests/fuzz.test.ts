// The whole corpus, mutated (truncation, dropped and swapped lines, flipped bytes, extreme
// numbers, deep nesting, empty files) and run through the committed bundles of both gates: no
// stack trace, no hang, exactly one error when the step fails, a strictly malformed report never
// passes, outputs stay sane. A fixed seed here; `pnpm bench fuzz` runs random ones.
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, relative } from 'node:path'
import { repoRoot } from '../tools/lib/action-yml.js'
import { seededRandom } from '@shipgate/core/compare'
import { corpusReports, MUTATIONS, mutate, treeOf } from './harness/fuzz.js'
import { repositoryListing } from './harness/git-index.js'
import { runAction } from './harness/run-action.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20261203)
const CASES = Number(process.env.FUZZ_CASES ?? 90)
const corpus = join(repoRoot, 'tests', 'fixtures', 'corpus')

const root = mkdtempSync(join(tmpdir(), 'shipgate-fuzz-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** One checkout per report folder, listing the files of the commit the report came from. */
const checkouts = new Map<string, string>()
function checkoutFor(report: string): string {
  const folder = join(report, '..')
  let dir = checkouts.get(folder)
  if (!dir) {
    dir = join(root, `checkout-${checkouts.size}`)
    mkdirSync(dir)
    repositoryListing(dir, treeOf(report))
    checkouts.set(folder, dir)
  }
  return dir
}

// The suite's seed replays a failing case: the same generator as the comparison's bootstrap.
const random = seededRandom(SEED)
const reports = corpusReports(corpus)
const cases = Array.from({ length: CASES }, (_, index) => {
  const report = reports[Math.floor(random() * reports.length)] ?? reports[0]
  if (!report) throw new Error('the corpus is empty')
  const mutant = mutate(report.path, readFileSync(report.path), random)
  return { index, ...report, mutant, label: `${relative(corpus, report.path)} ${mutant.kind}` }
})

const STACK = /^\s+at .+:\d+:\d+\)?$/m
const PERCENT = ['line-coverage', 'branch-coverage', 'patch-coverage']

/** What is wrong with an output value: exponent notation, NaN, Infinity, a share outside 0–100. */
function insane(name: string, value: string): string | undefined {
  if (/^-?\d+(\.\d+)?e[+-]?\d+$/i.test(value) || /^-?(NaN|Infinity)$/.test(value)) return `${name}=${value}`
  if (PERCENT.includes(name) && value !== '' && !(Number(value) >= 0 && Number(value) <= 100)) return `${name}=${value}`
  return undefined
}

describe(`both gates on the mutated corpus (seed ${SEED}, ${CASES} cases)`, () => {
  // A fuzz run that never breaks a report proves nothing: the fixed seed must reach every
  // mutation and strictly malformed reports of both gates.
  it('covers every mutation, and malformed reports of both gates', () => {
    if (process.env.FUZZ_SEED) return
    expect(new Set(cases.map((c) => c.mutant.kind))).toEqual(new Set(MUTATIONS))
    for (const gate of ['coverage-gate', 'security-gate'])
      expect(cases.filter((c) => c.gate === gate && c.mutant.malformed).length).toBeGreaterThanOrEqual(5)
  })

  it.each(cases.map((c) => [c.index, c.label, c] as const))('#%i %s', async (index, _label, c) => {
    const workspace = c.gate === 'coverage-gate' ? checkoutFor(c.path) : join(root, `security-${index}`)
    const dir = join(workspace, 'fuzz', String(index))
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, basename(c.path)), c.mutant.content)
    const report = `fuzz/${index}/${basename(c.path)}`
    const inputs: Record<string, string> =
      c.gate === 'coverage-gate'
        ? { reports: report, 'min-line': '0', comment: 'off' }
        : { reports: report, 'fail-on-severity': 'none', comment: 'off' }
    const { main } = await runAction(c.gate, { workspace, inputs, timeoutMs: 30_000 })
    const problems = [
      main.timedOut && 'hung (killed after 30 s)',
      main.exitCode !== 0 && main.exitCode !== 1 && `exit code ${main.exitCode} (signal ${main.signal})`,
      STACK.test(main.stdout) && 'a stack trace on stdout',
      STACK.test(main.stderr) && 'a stack trace on stderr',
      main.exitCode === 1 && main.errors.length !== 1 && `${main.errors.length} errors`,
      c.mutant.malformed && main.exitCode === 0 && 'a malformed report passed',
      ...Object.entries(main.outputs).map(([name, value]) => insane(name, value)),
    ].filter(Boolean)
    expect({ case: c.label, seed: SEED, problems, errors: main.errors.map((e) => e.message) }).toMatchObject({
      problems: [],
    })
  })
})
