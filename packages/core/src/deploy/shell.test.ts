import { describe, expect, it } from '@jest/globals'
import { memoryLog } from '../action/logger.js'
import { runShell } from './shell.js'

const run = (command: string) => {
  const log = memoryLog()
  return runShell(command, {}, { label: 'deploy blue', timeoutMs: 10_000, log }).then((result) => ({ result, log }))
}

describe('runShell', () => {
  it('keeps a line written in two chunks whole', async () => {
    const { result, log } = await run("printf 'hel'; sleep 0.2; printf 'lo world\\n'")
    expect(result.tail).toBe('hello world')
    expect(log.lines.map((line) => line.message)).toEqual(['[deploy blue] hello world'])
  })

  it('keeps a UTF-8 character split across two chunks whole', async () => {
    // € is e2 82 ac: the first two bytes arrive, then the last one.
    const { result } = await run("printf 'price \\342\\202'; sleep 0.2; printf '\\254 5\\n'")
    expect(result.tail).toBe('price € 5')
  })

  it('hands over a last line without a newline, from stdout and stderr alike', async () => {
    const { result } = await run("echo out; printf 'err no newline' >&2")
    expect(result.tail.split('\n').sort()).toEqual(['err no newline', 'out'])
  })

  it('is done when the shell exits, though a background child keeps the pipe open', async () => {
    const started = Date.now()
    const { result } = await run('sleep 30 & echo started')
    expect(result.exitCode).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('kills a command that runs past its timeout', async () => {
    const log = memoryLog()
    const result = await runShell('sleep 30', {}, { label: 'stop', timeoutMs: 300, log })
    expect(result).toMatchObject({ timedOut: true, exitCode: null })
  })
})
