// `pnpm api-diff [head]`: how every action.yml changed since the latest release tag, and the
// semver bump that change needs. Release and PR checks print it.
import { repoRoot } from './lib/action-yml.js'
import { formatChanges } from './lib/api-diff.js'
import { apiChangesSinceRelease } from './lib/release.js'

const { since, changes } = apiChangesSinceRelease(repoRoot, process.argv[2] ?? 'HEAD')
console.log(
  since ? `Since ${since}:\n${formatChanges(changes)}` : 'No release tag yet: the first release may be any version.',
)
