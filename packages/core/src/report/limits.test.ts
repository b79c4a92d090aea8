import { describe, expect, it } from '@jest/globals'
import { selectAnnotations, type Annotation } from './annotations.js'
import { COMMENT_LIMIT_CHARS, fitComment } from './comment.js'
import { fitSummary } from './summary.js'
import { table } from './markdown.js'

describe('fitSummary', () => {
  it('returns a summary under the cap untouched', () => {
    expect(fitSummary('# ok\n', 100)).toBe('# ok\n')
  })

  it('keeps whole lines, closes open details and says how much was left out', () => {
    const markdown = `<details><summary>x</summary>\n${'line of text\n'.repeat(5000)}</details>`
    const fitted = fitSummary(markdown, 20_000)
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(20_000)
    expect(fitted).toMatch(/<\/details>\n*> \[!NOTE\]/)
    expect(fitted).toMatch(/\(\d+ bytes left out\)/)
    expect(
      fitted
        .split('\n')
        .filter((line) => line.startsWith('line'))
        .every((line) => line === 'line of text'),
    ).toBe(true)
  })
})

describe('fitComment', () => {
  it('keeps the body under 65,536 characters', () => {
    const fitted = fitComment(`<!-- marker -->\n${'x'.repeat(80)}\n`.repeat(2000))
    expect(fitted.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS)
    expect(fitted.startsWith('<!-- marker -->')).toBe(true)
  })
})

describe('selectAnnotations', () => {
  it('keeps the worst 10 of each level and counts the rest', () => {
    const annotations: Annotation[] = [
      ...Array.from({ length: 25 }, (_, i): Annotation => ({ level: 'error', message: `e${i}`, rank: i })),
      ...Array.from({ length: 3 }, (_, i): Annotation => ({ level: 'notice', message: `n${i}`, rank: i })),
    ]
    const { kept, omitted } = selectAnnotations(annotations)
    expect(kept.filter((a) => a.level === 'error').map((a) => a.rank)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15])
    expect(kept.filter((a) => a.level === 'notice')).toHaveLength(3)
    expect(omitted).toEqual({ error: 15, warning: 0, notice: 0 })
  })
})

describe('table', () => {
  it('escapes untrusted cells and passes built markdown through', () => {
    const out = table(['file', 'coverage'], [['src/a|b.ts', { markdown: '**90%**' }]])
    expect(out).toBe('| file | coverage |\n| --- | --- |\n| src/a\\|b.ts | **90%** |')
  })
})
