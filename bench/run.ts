// `pnpm bench [name…]`: runs the named benchmarks (all when none is named) and writes each one's
// numbers to bench/out/<name>.json. Benchmarks report; they never gate the test suite.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../tools/lib/action-yml.js'
import { ensureNode24 } from '../tools/node24.js'

// Benchmarks measure what runs on the hosted runner: Node 24. Re-run under it when started elsewhere.
if (Number(process.versions.node.split('.')[0]) < 24) {
  const rerun = spawnSync(ensureNode24(), ['--import', 'tsx', ...process.argv.slice(1)], { stdio: 'inherit' })
  process.exit(rerun.status ?? 1)
}

interface Benchmark {
  run(): Promise<Record<string, unknown>>
}

const benchDir = join(repoRoot, 'bench')
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.replace(/\.ts$/, ''))
  .sort()
const requested = process.argv.slice(2)
const unknown = requested.filter((name) => !available.includes(name))
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}: expected one of ${available.join(', ')}`)
  process.exit(1)
}
mkdirSync(join(benchDir, 'out'), { recursive: true })
for (const name of requested.length > 0 ? requested : available) {
  console.log(`\n## bench ${name}\n`)
  const benchmark = (await import(`./${name}.ts`)) as Benchmark
  const result = await benchmark.run()
  writeFileSync(join(benchDir, 'out', `${name}.json`), `${JSON.stringify(result, null, 2)}\n`)
}
