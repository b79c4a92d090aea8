// Cold start of every committed bundle under Node 24, beside bare `node -e 0` measured in the same
// run, interleaved so machine noise hits both alike. The action is run as the runner runs it,
// with its action.yml defaults, up to its first decision (no GitHub API call).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionNames, readActionYml, repoRoot } from '../tools/lib/action-yml.js'
import { ensureNode24 } from '../tools/node24.js'
import { inputEnv } from '../tests/harness/run-action.js'

const RUNS = 25
const TARGET_OVERHEAD_MS = 100

function timeOnce(node: string, args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint()
  spawnSync(node, args, { env, stdio: 'ignore', cwd: env.GITHUB_WORKSPACE })
  return Number(process.hrtime.bigint() - start) / 1e6
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

export function run(): Promise<Record<string, unknown>> {
  const node = ensureNode24()
  const temp = mkdtempSync(join(tmpdir(), 'shipgate-bench-'))
  // An empty workspace: each action stops at its first decision, and none finds this repository's
  // own fixtures (coverage-gate would read every report under the current folder).
  const workspace = mkdtempSync(join(tmpdir(), 'shipgate-bench-ws-'))
  const baseEnv = {
    PATH: process.env.PATH ?? '',
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: join(temp, 'out'),
    GITHUB_WORKSPACE: workspace,
  }
  writeFileSync(baseEnv.GITHUB_OUTPUT, '')
  const targets = actionNames().map((name) => {
    const dir = join(repoRoot, 'actions', name)
    return { name, args: [join(dir, 'dist', 'index.js')], env: { ...baseEnv, ...inputEnv(readActionYml(dir), {}, '') } }
  })
  const samples: Record<string, number[]> = { 'node -e 0': [] }
  for (const target of targets) samples[target.name] = []
  for (let i = 0; i < RUNS + 2; i++) {
    const bare = timeOnce(node, ['-e', '0'], baseEnv)
    const times = targets.map((target) => timeOnce(node, target.args, target.env))
    if (i < 2) continue // warm the file cache first
    samples['node -e 0']?.push(bare)
    targets.forEach((target, index) => samples[target.name]?.push(times[index] ?? Number.NaN))
  }
  const bareMs = median(samples['node -e 0'] ?? [])
  const rows = Object.entries(samples).map(([name, values]) => {
    const ms = median(values)
    return { name, medianMs: Math.round(ms * 10) / 10, overMs: Math.round((ms - bareMs) * 10) / 10, ratio: ms / bareMs }
  })
  console.log(
    `Cold start under Node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()}, median of ${RUNS} runs each:`,
  )
  console.log('| command | median ms | over bare node ms | ratio to bare node |')
  console.log('| --- | --- | --- | --- |')
  for (const row of rows) console.log(`| ${row.name} | ${row.medianMs} | ${row.overMs} | ${row.ratio.toFixed(2)}x |`)
  const worst = Math.max(...rows.map((row) => row.overMs))
  console.log(
    `Worst overhead ${worst} ms (target: at most ${TARGET_OVERHEAD_MS} ms) ${worst <= TARGET_OVERHEAD_MS ? 'OK' : 'OVER TARGET'}`,
  )
  return Promise.resolve({ runs: RUNS, bareMs, rows })
}
