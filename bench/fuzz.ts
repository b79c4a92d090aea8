// The fuzz test (tests/fuzz.test.ts) with a random seed and more cases: each run tries new
// mutations of the corpus through both bundles. A failing case names its seed, so it replays with
// FUZZ_SEED=<seed> in the suite.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../tools/lib/action-yml.js'

const CASES = Number(process.env.BENCH_FUZZ_CASES ?? 500)

export function run(): Promise<Record<string, unknown>> {
  const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
  const results = join(repoRoot, 'bench', 'out', 'fuzz-jest.json')
  const started = performance.now()
  const jest = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js'),
      'tests/fuzz.test.ts',
      '--json',
      `--outputFile=${results}`,
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        FUZZ_SEED: String(seed),
        FUZZ_CASES: String(CASES),
        NODE_OPTIONS: '--experimental-vm-modules',
      },
      encoding: 'utf8',
    },
  )
  const seconds = (performance.now() - started) / 1000
  const report = JSON.parse(readFileSync(results, 'utf8')) as { numPassedTests: number; numFailedTests: number }
  const failing = [...(jest.stderr ?? '').matchAll(/✕ (#\d+ .+?) \(\d+ ms\)/g)].map((match) => match[1])
  console.log(
    `seed ${seed}: ${CASES} mutated reports through both bundles in ${seconds.toFixed(0)} s; ${report.numFailedTests} failed${failing.length > 0 ? `:\n  ${failing.join('\n  ')}\n(replay: FUZZ_SEED=${seed} FUZZ_CASES=${CASES} pnpm test tests/fuzz.test.ts)` : ''}`,
  )
  return Promise.resolve({
    seed,
    cases: CASES,
    seconds,
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    failing,
  })
}
