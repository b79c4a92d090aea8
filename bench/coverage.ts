// coverage-gate as the user waits for it. One seeded project (a git repository of 21,661 files,
// three quarters of them measured sources) is written as a branch-dense LCOV with runner-prefixed
// paths and as a Cobertura of the same project (coverlet-style: each method repeats its lines).
// On each report, in one run: the whole step (the committed bundle as the runner starts it,
// `INPUT_*`, `comment: off`, timed and measured by /usr/bin/time), our parser alone in a worker,
// and the peer parser (lcov-parse; fast-xml-parser reading the whole document) in a worker.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readActionYml, repoRoot } from '../tools/lib/action-yml.js'
import { ensureNode24 } from '../tools/node24.js'
import { repositoryListing } from '../tests/harness/git-index.js'
import { inputEnv } from '../tests/harness/run-action.js'
import { repositoryPaths, writeReport, type Totals } from './lib/coverage-project.js'

/** `lcov:100,cobertura:300`: format and size in MB of each report. */
const REPORTS = (process.env.BENCH_COVERAGE ?? 'lcov:100,cobertura:300').split(',').map((entry) => {
  const [format = '', mb = ''] = entry.split(':')
  return { format: format as 'lcov' | 'cobertura', mb: Number(mb) }
})
const STEP_RUNS = Number(process.env.BENCH_STEP_RUNS ?? 5)

interface Measured {
  ok: boolean
  ms?: number
  maxRssMb: number
  error?: string
}

function parserRun(parser: string, file: string): Measured {
  const run = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=4096',
      '--import',
      'tsx',
      join(repoRoot, 'bench', 'lib', 'coverage-worker.ts'),
      parser,
      file,
    ],
    { cwd: repoRoot, encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 20 },
  )
  try {
    return JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as Measured
  } catch {
    return {
      ok: false,
      maxRssMb: 0,
      error: run.signal ? `killed (${run.signal})` : (run.stderr.trim().split('\n').pop() ?? 'crashed').slice(0, 120),
    }
  }
}

/**
 * The step's median over runs (this machine's neighbours are noisy), and its highest peak RSS, for
 * each set of extra inputs; runs of the sets alternate, so each sees the same moments of load.
 */
function stepRuns(
  workspace: string,
  report: string,
  expected: Totals,
  variants: ReadonlyArray<Record<string, string>>,
): Array<Measured & { exact: boolean }> {
  const runs = variants.map(() => [] as Array<Measured & { exact: boolean }>)
  for (let round = 0; round < STEP_RUNS; round++)
    variants.forEach((extra, index) => runs[index]?.push(stepRun(workspace, report, expected, extra)))
  return runs.map((of) => {
    const failed = of.find((run) => !run.ok)
    if (failed) return failed
    const times = of.map((run) => run.ms ?? 0).sort((a, b) => a - b)
    return {
      ok: true,
      exact: of.every((run) => run.exact),
      ms: times[Math.floor(times.length / 2)],
      maxRssMb: Math.max(...of.map((run) => run.maxRssMb)),
    }
  })
}

/** 50 components over the bench project's 97 packages, with rules, as a monorepo would set them. */
const FIFTY_COMPONENTS = Array.from(
  { length: 50 },
  (_, i) =>
    `- name: c${i}\n  paths: [packages/pkg${i}/**, packages/pkg${i + 50}/src/**]\n  min-line: 0\n  min-branch: 0`,
).join('\n')

/** The committed bundle, as the runner starts it; /usr/bin/time gives wall time and peak RSS. */
function stepRun(
  workspace: string,
  report: string,
  expected: Totals,
  extra: Record<string, string>,
): Measured & { exact: boolean } {
  const temp = mkdtempSync(join(tmpdir(), 'shipgate-bench-step-'))
  const files = { GITHUB_OUTPUT: 'output', GITHUB_STEP_SUMMARY: 'summary', GITHUB_STATE: 'state' }
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', RUNNER_TEMP: temp, GITHUB_WORKSPACE: workspace }
  for (const [name, file] of Object.entries(files)) {
    env[name] = join(temp, file)
    writeFileSync(env[name] ?? '', '')
  }
  const action = join(repoRoot, 'actions', 'coverage-gate')
  Object.assign(
    env,
    inputEnv(readActionYml(action), { reports: report, comment: 'off', 'min-line': '0', ...extra }, ''),
  )
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', 'shipgate-time %e %M', ensureNode24(), join(action, 'dist', 'index.js')],
    {
      cwd: workspace,
      env,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 1 << 26,
    },
  )
  const timing = /shipgate-time ([\d.]+) (\d+)/.exec(run.stderr)
  const outputs = readFileSync(env.GITHUB_OUTPUT ?? '', 'utf8')
  rmSync(temp, { recursive: true, force: true })
  const output = (name: string) => new RegExp(`^${name}<<(\\S+)\\n(.*)\\n\\1$`, 'm').exec(outputs)?.[2]
  const exact =
    output('lines-covered') === String(expected.covered) &&
    output('lines-total') === String(expected.lines) &&
    output('branch-coverage') === String(Math.round((expected.taken / expected.branches) * 10_000) / 100)
  if (run.status !== 0 || !timing)
    return { ok: false, exact, maxRssMb: 0, error: (run.stdout.match(/::error::.*/)?.[0] ?? run.stderr).slice(0, 160) }
  return { ok: true, exact, ms: Number(timing[1]) * 1000, maxRssMb: Number(timing[2]) / 1024 }
}

const ratio = (run: Measured, base: Measured | undefined) =>
  run.ms && base?.ms ? `${((run.ms / base.ms) * 100).toFixed(1)}%` : 'no ratio'

export async function run(): Promise<Record<string, unknown>> {
  if (spawnSync('/usr/bin/time', ['true']).status !== 0)
    throw new Error('bench coverage times the step with /usr/bin/time: apt-get install -y time')
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-bench-cov-'))
  const workspace = join(dir, 'project')
  mkdirSync(workspace)
  const paths = repositoryPaths()
  repositoryListing(workspace, paths)
  const rows: Array<Record<string, unknown>> = []
  console.log(`A git repository of ${paths.length} files; each report measured in the same run.`)
  console.log('| report | MB | what | MB/s | peak RSS MB | exact |')
  console.log('| --- | --- | --- | --- | --- | --- |')
  try {
    for (const { format, mb } of REPORTS) {
      const report = join(workspace, `coverage.${format === 'lcov' ? 'info' : 'xml'}`)
      const expected = await writeReport(report, format, mb * 2 ** 20, paths)
      const size = statSync(report).size / 2 ** 20
      const peer = format === 'lcov' ? 'lcov-parse' : 'fast-xml-parser'
      // The components cost is measured on the LCOV, the report the issue's 10% budget names.
      const variants: Array<Record<string, string>> = format === 'lcov' ? [{}, { components: FIFTY_COMPONENTS }] : [{}]
      const [plain, components] = stepRuns(workspace, report.slice(workspace.length + 1), expected, variants)
      const results: Array<[string, Measured & { exact?: boolean }]> = [
        [`whole step (bundle), median of ${STEP_RUNS}`, plain ?? { ok: false, maxRssMb: 0 }],
        ...(components
          ? [
              [`whole step, 50 components (${ratio(components, plain)} of the plain run)`, components] as [
                string,
                Measured,
              ],
            ]
          : []),
        [`parser: shipgate ${format}`, parserRun(`shipgate ${format}`, report)],
        [`parser: ${peer}`, parserRun(peer, report)],
      ]
      for (const [what, result] of results) {
        const mbPerS = result.ms ? size / (result.ms / 1000) : undefined
        rows.push({ format, sizeMb: Math.round(size), what, mbPerS, peakRssMb: Math.round(result.maxRssMb), ...result })
        console.log(
          `| ${format} | ${Math.round(size)} | ${what} | ${result.ok ? (mbPerS ?? 0).toFixed(1) : `failed: ${result.error}`} | ${Math.round(result.maxRssMb)} | ${result.exact === undefined ? '' : result.exact ? 'yes' : 'NO'} |`,
        )
      }
      rmSync(report)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return { repoFiles: paths.length, rows, targets: { lcovStepMbPerS: 100, coberturaStepMbPerS: 60, peakRssMb: 600 } }
}
