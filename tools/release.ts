// `pnpm release <x.y.z> [--push]`: see tools/lib/release.ts for what it refuses and writes.
import { git } from './lib/git.js'
import { release, ReleaseRefused } from './lib/release.js'
import { repoRoot } from './lib/action-yml.js'

const [version = '', ...flags] = process.argv.slice(2)
try {
  const tags = release({ cwd: repoRoot, version, checks: 'pnpm -s check-dist && pnpm -s check-docs' })
  console.log(`tagged ${tags.join(', ')}`)
  if (flags.includes('--push')) {
    git(repoRoot, 'push', 'origin', `refs/tags/${tags[0]}`)
    git(repoRoot, 'push', '--force', 'origin', ...tags.slice(1).map((tag) => `refs/tags/${tag}`))
    console.log('pushed')
  }
} catch (error) {
  if (!(error instanceof ReleaseRefused)) throw error
  console.error(`release refused: ${error.message}`)
  process.exit(1)
}
