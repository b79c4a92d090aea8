import { describe, expect, it } from '@jest/globals'
import { preformatted, escapeHtml, escapeLog, escapeMarkdown, truncate } from './escape.js'

describe('escapeLog', () => {
  it('breaks every workflow command form so none can start a line', () => {
    const out = escapeLog('::add-mask::x\n  ::error::y\n##[set-output name=a]b\nfine: text')
    for (const line of out.split('\n')) {
      expect(line.trimStart().startsWith('::')).toBe(false)
      expect(line.trimStart().startsWith('##[')).toBe(false)
    }
    expect(out).toContain('fine: text')
  })

  it('drops ANSI escapes and control characters but keeps tabs and newlines', () => {
    expect(escapeLog('\u001b[31mred\u001b[0m\ta\u0000b\nc\u0007')).toBe('red\tab\nc')
  })
})

describe('escapeMarkdown', () => {
  it('leaves no HTML, link, image or mention to render', () => {
    const out = escapeMarkdown('</details><img src=x onerror=alert(1)> [click](https://evil) ![i](x) @octocat')
    expect(out).not.toMatch(/<|>/)
    expect(out).not.toContain('](')
    expect(out).toContain('&lt;/details&gt;')
    expect(out).toContain('@\u200boctocat')
  })

  it('keeps a table row on one line and its cells apart', () => {
    expect(escapeMarkdown('a | b\nc')).toBe('a \\| b c')
  })
})

describe('escapeHtml', () => {
  it('encodes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  })
})

describe('preformatted', () => {
  it('keeps untrusted text literal: nothing can close the block or render', () => {
    const block = preformatted('line 1\n\n</pre></details><img src=x onerror=alert(1)> [x](y)')
    expect(block.startsWith('<pre>')).toBe(true)
    expect(block.match(/<\/pre>/g)).toHaveLength(1)
    expect(block).not.toMatch(/<(img|\/details)/)
  })
})

describe('truncate', () => {
  it('cuts with an ellipsis and never splits a surrogate pair', () => {
    expect(truncate('abcdef', 4)).toBe('abc…')
    expect(truncate('ab😀cd', 4)).toBe('ab…')
    expect(truncate('short', 10)).toBe('short')
  })
})
