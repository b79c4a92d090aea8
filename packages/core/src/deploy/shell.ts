import * as core from '@actions/core'
import { spawn } from 'node:child_process'
import { escapeLog } from '../report/escape.js'

export interface ShellResult {
  exitCode: number | null
  /** The last lines it printed (stdout and stderr together), for error messages. */
  tail: string
  timedOut: boolean
}

const TAIL_LINES = 20

/**
 * Runs a user's shell command (deploy, stop, switch, nginx test/reload) with extra environment,
 * echoing its output to the log, escaped. Done when the shell exits, not when its output closes:
 * a deploy command that starts a server in the background leaves that pipe open for good.
 */
export async function runShell(
  command: string,
  env: Record<string, string>,
  options: { label: string; timeoutMs: number },
): Promise<ShellResult> {
  const child = spawn('sh', ['-c', command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (line === '') continue
      lines.push(line)
      if (lines.length > TAIL_LINES) lines.shift()
      core.info(escapeLog(`[${options.label}] ${line}`))
    }
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, options.timeoutMs)
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(127))
    child.once('exit', (code) => resolve(code))
  })
  clearTimeout(timer)
  // Give output already written a moment to arrive, then let go of pipes a background child holds.
  await new Promise((resolve) => setImmediate(resolve))
  child.stdout.destroy()
  child.stderr.destroy()
  return { exitCode, tail: lines.join('\n'), timedOut }
}
