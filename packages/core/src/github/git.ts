import { execFile } from 'node:child_process'

/**
 * Runs git without echoing it: its output without the final newline (file names keep their
 * spaces), or undefined when it fails (no repository, no such commit).
 */
export function git(cwd: string, ...args: string[]): Promise<string | undefined> {
  // execFile rather than @actions/exec: it looks git up on PATH and decodes line by line, which
  // costs tens of milliseconds on a 20,000-file `ls-files`.
  return new Promise((resolve) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 }, (error, stdout) =>
      // A failure (no repository, no such commit) or no git on PATH: undefined either way.
      resolve(error ? undefined : stdout.replace(/\n$/, '')),
    )
  })
}

export type FileAtCommit =
  { state: 'found'; text: string } | { state: 'absent' } | { state: 'unreadable'; reason: string }

/**
 * A file as it is at another commit (a pull request's base), read with `git show`. A shallow
 * clone (actions/checkout fetches one commit) gets that commit fetched first.
 */
export async function fileAtCommit(cwd: string, sha: string, path: string): Promise<FileAtCommit> {
  const present = async () => (await git(cwd, 'cat-file', '-e', `${sha}^{commit}`)) !== undefined
  if (!(await present())) {
    await git(cwd, 'fetch', '--no-tags', '--depth=1', 'origin', sha)
    if (!(await present()))
      return { state: 'unreadable', reason: `commit ${sha} is not in the clone and could not be fetched` }
  }
  const relative = `./${path.replace(/^\.\//, '')}`
  if ((await git(cwd, 'cat-file', '-e', `${sha}:${relative}`)) === undefined) return { state: 'absent' }
  const text = await git(cwd, 'show', `${sha}:${relative}`)
  return text === undefined
    ? { state: 'unreadable', reason: `git show ${sha}:${relative} failed` }
    : { state: 'found', text }
}
