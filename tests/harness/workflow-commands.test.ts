import { describe, expect, it } from '@jest/globals'
import { parseFileCommand, parseStdout } from './workflow-commands.js'

describe('parseFileCommand', () => {
  it('reads name=value and heredoc values as the runner does', () => {
    const content = 'a=1\nmulti<<ghadelimiter_x\nline 1\nb=2\nghadelimiter_x\nc=x=y\n'
    expect(parseFileCommand(content)).toEqual({ a: '1', multi: 'line 1\nb=2', c: 'x=y' })
  })

  it('refuses a heredoc that never closes', () => {
    expect(() => parseFileCommand('x<<EOF\nvalue\n')).toThrow(/no closing delimiter/)
  })
})

describe('parseStdout', () => {
  it('applies a mask to later lines only and honours stop-commands', () => {
    const log = parseStdout(
      'early secret\n::add-mask::secret\nlate secret\n::stop-commands::tok\n::error::ignored\n::tok::\n::error file=a%2Cb.ts,line=3::bad%0Anews',
    )
    expect(log.visible).toEqual([
      'early secret',
      '',
      'late ***',
      '::stop-commands::tok',
      '::error::ignored',
      '::tok::',
      expect.any(String),
    ])
    expect(log.commands.filter((c) => c.name === 'error')).toEqual([
      { name: 'error', properties: { file: 'a,b.ts', line: '3' }, message: 'bad\nnews', line: 6 },
    ])
  })
})
