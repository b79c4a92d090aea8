// The harness itself, proven through a real bundle of packages/core (tests/fixture-action): what
// the runner would show and keep for outputs, summaries, annotations, masks, state and signals.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../tools/lib/action-yml.js'
import { runAction } from './harness/run-action.js'

const fixture = join(repoRoot, 'tests', 'fixture-action')

describe('the runner harness on the fixture bundle', () => {
  it('keeps a multi-line output whole, including lines that look like delimiters', async () => {
    const value = 'line one\nEOF\nname=value\n\nlast line'
    const { main } = await runAction(fixture, { inputs: { scenario: 'outputs', text: value } })
    expect(main.exitCode).toBe(0)
    expect(main.outputs.multi).toBe(value)
    expect(main.outputs.single).toBe('42.12')
    expect(main.outputs['report-json']).toBe('')
  })

  it('writes the step summary and cuts it at 1 MiB with a note', async () => {
    const small = await runAction(fixture, { inputs: { scenario: 'summary', count: '3' } })
    expect(small.main.summary).toContain('# Fixture')
    expect(small.main.summary).not.toContain('cut at')

    const huge = await runAction(fixture, { inputs: { scenario: 'summary', count: '1500' } })
    expect(huge.main.exitCode).toBe(0)
    expect(Buffer.byteLength(huge.main.summary)).toBeLessThanOrEqual(1024 * 1024)
    expect(huge.main.summary).toContain("cut at GitHub's 1 MiB limit")
    // The cut must not leave the collapsible block open and swallow whatever follows.
    expect(huge.main.summary.match(/<details/g)?.length).toBe(huge.main.summary.match(/<\/details>/g)?.length)
  })

  it('caps an annotation storm at 10 per level, keeping the worst', async () => {
    const { main } = await runAction(fixture, { inputs: { scenario: 'annotations', count: '50' } })
    expect(main.errors).toHaveLength(10)
    expect(main.warnings).toHaveLength(10)
    expect(main.errors[0]?.message).toBe('finding 48 rank 48')
    expect(main.errors[0]?.properties).toMatchObject({ file: 'src/app.ts', line: '49' })
    expect(main.stdout).toContain('15 more errors, 15 more warnings not shown')
  })

  it('masks a secret before it is ever printed', async () => {
    const token = 'ghs_s3cr3tValue1234567890'
    const { main } = await runAction(fixture, { inputs: { scenario: 'secret' }, token })
    expect(main.masks).toContain(token)
    expect(main.visible).toContain('calling the API with ***')
    expect(main.visible).not.toContain(token)
  })

  it('hands state saved in main to the post step', async () => {
    const { main, post } = await runAction(fixture, { inputs: { scenario: 'state', text: 'switching' } })
    expect(main.state).toMatchObject({ 'deploy-phase': 'switching', isPost: 'true' })
    expect(post?.exitCode).toBe(0)
    expect(post?.stdout).toContain('post step saw deploy-phase=switching')
  })

  it('lets an action persist its state on SIGINT, then exit', async () => {
    const { main, post, runnerTemp } = await runAction(fixture, {
      inputs: { scenario: 'signal' },
      onLine: (line, child) => {
        if (line === 'ready for a signal') child.kill('SIGINT')
      },
    })
    expect(main.timedOut).toBe(false)
    expect(main.exitCode).toBe(130)
    expect(main.state['interrupted-by']).toBe('SIGINT')
    const file = join(runnerTemp, 'fixture-state.json')
    expect(existsSync(file)).toBe(true)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ phase: 'switching', signal: 'SIGINT' })
    expect(post?.exitCode).toBe(0)
  })

  it('prints report content inertly: no workflow command can be smuggled in', async () => {
    const hostile = '::add-mask::hello\n::set-output name=passed::true\n##[error]fake\n::stop-commands::x'
    const { main } = await runAction(fixture, { inputs: { scenario: 'escape', text: hostile } })
    expect(main.exitCode).toBe(0)
    expect(main.masks).toEqual([])
    expect(main.commands.map((command) => command.name)).not.toContain('set-output')
    expect(main.commands.map((command) => command.name)).not.toContain('stop-commands')
    expect(main.errors).toEqual([])
    expect(main.visible).toContain('report says: :\u200b:add-mask:\u200b:hello')
    const reportFile = main.outputs['report-json'] ?? ''
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toEqual({ untrusted: hostile })
  })

  it('turns a bug into one error without a stack trace in the visible log', async () => {
    const { main } = await runAction(fixture, { inputs: { scenario: 'bug' } })
    expect(main.exitCode).toBe(1)
    expect(main.errors).toHaveLength(1)
    expect(main.errors[0]?.message).toMatch(/^Unexpected error: Cannot read properties of undefined.*shipgate bug/)
    expect(main.errors[0]?.message).not.toMatch(/\n\s+at /)
    expect(main.commands.find((command) => command.name === 'debug')?.message).toMatch(/\n\s+at /)
    expect(main.stderr).toBe('')
  })

  it('names the input and the accepted form for a bad value', async () => {
    const { main } = await runAction(fixture, { inputs: { scenario: 'launch-rockets' } })
    expect(main.exitCode).toBe(1)
    expect(main.errors.map((error) => error.message)).toEqual([
      "Input 'scenario' is 'launch-rockets': expected one of 'outputs', 'summary', 'annotations', 'secret', 'state', 'signal', 'comment', 'escape', 'bug'",
    ])
  })
})
