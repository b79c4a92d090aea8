// The structure checks of `pnpm lint`: no import cycle (dependency-cruiser with
// .dependency-cruiser.cjs, which needs Node 22 or later, so it runs under the Node 24 the tests
// use), and no source file over 250 lines outside tests: a file does one thing.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './lib/action-yml.js'
import { ensureNode24 } from './node24.js'

const MAX_LINES = 250

const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], {
  cwd: repoRoot,
  encoding: 'utf8',
})
const long = listed.stdout
  .split('\n')
  .filter((file) => file && !file.startsWith('tests/') && !file.endsWith('.test.ts') && !file.includes('/dist/'))
  .map((file) => ({ file, lines: readFileSync(join(repoRoot, file), 'utf8').split('\n').length - 1 }))
  .filter(({ lines }) => lines > MAX_LINES)
for (const { file, lines } of long)
  console.error(`${file}: ${lines} lines, over ${MAX_LINES}: split it by what it does`)

const cli = join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs')
const cycles = spawnSync(
  ensureNode24(),
  [cli, 'actions', 'packages', 'tools', 'bench', '--config', '.dependency-cruiser.cjs'],
  { cwd: repoRoot, stdio: 'inherit' },
)
process.exit(long.length > 0 || cycles.status !== 0 ? 1 : 0)
