// A git repository that lists given paths without writing them: each is put in the index as the
// empty blob. What coverage-gate reads of a checkout is `git ls-files`, so a real project's file
// list (a corpus report's tree.txt, the bench's 21,661 files) costs one git call, not a file each.
import { execFileSync } from 'node:child_process'

export function repositoryListing(dir: string, paths: readonly string[]): void {
  const git = (args: string[], input?: string) =>
    execFileSync('git', args, { cwd: dir, input, encoding: 'utf8', maxBuffer: 1 << 28 })
  git(['init', '-q', '-b', 'main'])
  const empty = git(['hash-object', '-w', '--stdin'], '').trim()
  git(['update-index', '--index-info'], paths.map((path) => `100644 ${empty}\t${path}\n`).join(''))
}
