import { spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import type { Logger } from '../action/logger.js'

export interface ShellResult {
  exitCode: number | null
  /** The last lines it printed (stdout and stderr together), for error messages. */
  tail: string
  timedOut: boolean
}

const TAIL_LINES = 20

/**
 * Turns a byte stream into whole lines: a UTF-8 character or a line split across two chunks
 * comes out whole. `flush` hands over a last line that has no newline.
 */
function lineReader(stream: Readable, onLine: (line: string) => void): { flush: () => void } {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  const emit = (text: string) => {
    const lines = (pending + text).split(/\r?\n/)
    pending = lines.pop() ?? ''
    for (const line of lines) onLine(line)
  }
  stream.on('data', (chunk: Buffer) => emit(decoder.write(chunk)))
  return {
    flush: () => {
      emit(decoder.end())
      if (pending !== '') onLine(pending)
      pending = ''
    },
  }
}

/**
 * Runs a user's shell command (deploy, stop, switch, nginx test/reload) with extra environment,
 * echoing its output to the log line by line. Done when the shell exits, not when its output
 * closes: a deploy command that starts a server in the background leaves that pipe open for good.
 *
 * Hand-written rather than @actions/exec (3.0.0): its line listeners decode each chunk on its own
 * (`data.toString()`), so a UTF-8 character across two chunks comes out broken, and it has no
 * timeout, which a deploy command that hangs needs.
 */
export async function runShell(
  command: string,
  env: Record<string, string>,
  options: { label: string; timeoutMs: number; log: Logger; onLine?: (line: string) => void },
): Promise<ShellResult> {
  const child = spawn('sh', ['-c', command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const collect = (line: string) => {
    if (line === '') return
    lines.push(line)
    if (lines.length > TAIL_LINES) lines.shift()
    options.onLine?.(line)
    options.log.info(`[${options.label}] ${line}`)
  }
  const readers = [lineReader(child.stdout, collect), lineReader(child.stderr, collect)]
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
  for (const reader of readers) reader.flush()
  return { exitCode, tail: lines.join('\n'), timedOut }
}
