// `pnpm demo`: the pipeline, locally, through the committed bundles and the same runner harness
// the end-to-end tests use: coverage-gate on the example service's real coverage, security-gate
// on its real SBOM and ESLint SARIF plus a shipped sample audit, then blue-green deploys of v1
// and v2 behind a real nginx started unprivileged in a temporary folder, a health-check window,
// a bad v3 rolled back on its own (by a Prometheus error-rate check when prometheus is
// installed), and a bad v4 whose database migration breaks the serving v2, caught before v4
// starts. Every process it starts is stopped, also on Ctrl-C.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deploys } from './demo/deploys.js'
import { heading, type Demo } from './demo/demo.js'
import { coverage, security } from './demo/gates.js'
import { ensureNode24 } from './node24.js'
import { ensureSystemPackages } from './lib/system.js'

const started = Date.now()
// Before anything else: the machine has what the demo runs, or the demo says how to get it.
ensureSystemPackages('The demo', ['nginx', 'git'])
const work = mkdtempSync(join(tmpdir(), 'shipgate-demo-'))
const runDir = join(work, 'run')
const stops: Array<() => Promise<void>> = []
const demo: Demo = { work, runDir, node: ensureNode24(), rows: [], onCleanup: (stop) => void stops.push(stop) }

async function cleanup(): Promise<void> {
  if (existsSync(runDir)) {
    for (const file of readdirSync(runDir).filter((name) => name.endsWith('.pid'))) {
      spawnSync('sh', ['-c', `kill $(cat ${join(runDir, file)}) 2>/dev/null`])
    }
  }
  for (const stop of stops.splice(0)) await stop()
  rmSync(work, { recursive: true, force: true })
}

process.once('SIGINT', () => {
  console.log('\nInterrupted: stopping the services and nginx the demo started')
  void cleanup().then(() => process.exit(130))
})

let failure: unknown
try {
  await coverage(demo)
  await security(demo)
  await deploys(demo)
} catch (error) {
  failure = error
} finally {
  await cleanup()
}
heading(`What happened (${((Date.now() - started) / 1000).toFixed(1)} s)`)
const rows = demo.rows
const width = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0), 4))
for (const row of [['step', 'result', 'detail'] as [string, string, string], ...rows]) {
  console.log(row.map((cell, i) => cell.padEnd(width[i] ?? 0)).join('  '))
}
if (failure) {
  console.error(`\nThe demo stopped: ${failure instanceof Error ? failure.message : JSON.stringify(failure)}`)
  process.exit(1)
}
console.log(
  "\nv2 serves, v3 was rolled back automatically, v4's breaking migration was caught before it started, nothing is left running.",
)
