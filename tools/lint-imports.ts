// The import-cycle check of `pnpm lint`: dependency-cruiser with .dependency-cruiser.cjs over the
// actions and the core. dependency-cruiser needs Node 22 or later, so it runs under the Node 24
// the tests use (installed into .tools/ on first use).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot } from './lib/action-yml.js'
import { ensureNode24 } from './node24.js'

const cli = join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs')
const run = spawnSync(
  ensureNode24(),
  [cli, 'actions', 'packages', 'tools', 'bench', '--config', '.dependency-cruiser.cjs'],
  {
    cwd: repoRoot,
    stdio: 'inherit',
  },
)
process.exit(run.status ?? 1)
