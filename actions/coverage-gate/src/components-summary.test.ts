import { describe, expect, it } from '@jest/globals'
import { parseComponents } from './components-input.js'
import { measureComponents } from './components.js'
import { componentsTable } from './components-summary.js'

describe('componentsTable', () => {
  it('keeps 300 components to a bounded table, every failing one first, and escapes names', () => {
    const yaml = Array.from(
      { length: 300 },
      (_, i) =>
        `- name: "pkg${i}${i === 7 ? '|<b>' : ''}"\n  paths: [pkg${i}/**]\n  min-line: ${i % 60 === 0 ? 90 : 10}`,
    ).join('\n')
    const specs = parseComponents(yaml)
    const perFile = new Map(
      specs.map((_, i) => [`pkg${i}/a.py`, { linesCovered: 5, linesTotal: 10, branchesCovered: 0, branchesTotal: 0 }]),
    )
    const measured = measureComponents(specs, undefined, {
      perFile,
      patchFiles: undefined,
      patch: undefined,
      diff: undefined,
      baseline: undefined,
      stillExists: () => true,
    })
    const markdown = componentsTable(measured)
    const rows = markdown.split('\n').filter((line) => line.startsWith('| pkg'))
    expect(rows).toHaveLength(50)
    expect(rows.slice(0, 5).map((row) => row.split(' | ')[0])).toEqual([
      '| pkg0',
      '| pkg60',
      '| pkg120',
      '| pkg180',
      '| pkg240',
    ])
    expect(markdown).toContain('### Components (300: 5 failed)')
    expect(markdown).toContain('… and 250 more components, all passed.')
    expect(markdown).toContain('pkg7\\|&lt;b&gt;')
    expect(markdown.length).toBeLessThan(8000)
  })
})
