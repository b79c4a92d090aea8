import { getExecOutput } from '@actions/exec'

/**
 * Runs git without echoing it: its output without the final newline (file names keep their
 * spaces), or undefined when it fails (no repository, no such commit).
 */
export async function git(cwd: string, ...args: string[]): Promise<string | undefined> {
  try {
    const result = await getExecOutput('git', args, { cwd, silent: true, ignoreReturnCode: true })
    return result.exitCode === 0 ? result.stdout.replace(/\n$/, '') : undefined
  } catch {
    // git is not on PATH.
    return undefined
  }
}
