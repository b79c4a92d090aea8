import { describe, expect, it } from '@jest/globals'
import type { StoredReport } from './baseline.js'
import { parseCarryforward, parseComponents } from './components-input.js'
import { measureComponents, type ComponentContext } from './components.js'
import type { Counts } from './merge.js'

const counts = (linesCovered: number, linesTotal: number, branchesCovered = 0, branchesTotal = 0): Counts => ({
  linesCovered,
  linesTotal,
  branchesCovered,
  branchesTotal,
})
const context = (overrides: Partial<ComponentContext> = {}): ComponentContext => ({
  perFile: new Map([
    ['services/api/app.py', counts(9, 10, 1, 2)],
    ['services/shared/util.py', counts(1, 10)],
    ['web/index.ts', counts(5, 10)],
    ['tools/gen.py', counts(0, 4)],
  ]),
  patchFiles: undefined,
  patch: undefined,
  diff: undefined,
  baseline: undefined,
  stillExists: () => true,
  ...overrides,
})
const specs = parseComponents(`
- name: api
  paths: [services/api/**, services/shared/**]
  min-line: 60
- name: shared
  paths: services/shared/**
- name: web
  paths: [web/**]
  min-line: 40
`)

describe('measureComponents', () => {
  it('puts a file in every component whose globs match it, and lists the files in none', () => {
    const { results, outside } = measureComponents(specs, undefined, context())
    expect(results.map((result) => [result.name, result.files, result.totals.linesCovered, result.status])).toEqual([
      ['api', 2, 10, 'failed'],
      ['shared', 1, 1, 'passed'],
      ['web', 1, 5, 'passed'],
    ])
    expect(results[0]?.verdict.reason).toBe('min-line: 10 of 20 lines (50 vs 60)')
    expect(outside).toEqual(['tools/gen.py'])
  })

  it('judges each component on its own changed lines', () => {
    const patchFiles = [
      { path: 'web/index.ts', covered: 1, total: 4, uncovered: [2, 3, 4] },
      { path: 'services/api/app.py', covered: 2, total: 2, uncovered: [] },
    ]
    const { results } = measureComponents(specs, undefined, context({ patchFiles, patch: { covered: 3, total: 6 } }))
    expect(results.map((result) => result.verdict.patchPct)).toEqual([100, undefined, 25])
  })

  it('measures drop against the baseline’s same files, or its carried numbers when it has none', () => {
    const baseline: StoredReport = {
      kind: 'shipgate/coverage-report',
      version: 2,
      files: { 'services/api/app.py': { total: 10, coveredCount: 10 } },
      components: { web: { lines: { covered: 6, total: 10 }, branches: { covered: 0, total: 0 }, status: 'carried' } },
    }
    const withDrop = parseComponents(
      '- name: api\n  paths: [services/**]\n- name: web\n  paths: [web/**]\n  max-drop: 1',
    )
    const { results } = measureComponents(withDrop, undefined, context({ baseline }))
    const [api, web] = results
    expect(api?.verdict.deltaPts).toBeCloseTo(100 * (10 / 20) - 100)
    expect(web?.verdict.deltaPts).toBeCloseTo(50 - 60)
    expect(web?.verdict.reason).toMatch(/^max-drop: /)
  })

  it('carries a component without files from the baseline, and fails one the baseline cannot carry', () => {
    const baseline: StoredReport = {
      kind: 'shipgate/coverage-report',
      version: 2,
      commit: 'a'.repeat(40),
      files: {},
      components: { web: { lines: { covered: 7, total: 10 }, branches: { covered: 1, total: 2 }, status: 'passed' } },
    }
    const perFile = new Map([['services/api/app.py', counts(9, 10)]])
    const carry = parseCarryforward(['all'], specs)
    const { results } = measureComponents(specs, carry, context({ perFile, baseline }))
    const byName = Object.fromEntries(results.map((result) => [result.name, result]))
    expect(byName.web).toMatchObject({ status: 'carried', carriedFrom: 'a'.repeat(40), files: 0 })
    expect(byName.web?.verdict.linePct).toBe(70)
    expect(byName.shared).toMatchObject({ status: 'failed' })
    expect(byName.shared?.verdict.reason).toBe(
      'no report of this run measures shared and the baseline has no shared to carry forward',
    )
    // A component with files is measured, carryforward or not.
    expect(byName.api).toMatchObject({ status: 'passed', files: 1 })
    expect(byName.api?.carriedFrom).toBeUndefined()
  })

  it('fails a component whose globs match nothing only when it has rules', () => {
    const perFile = new Map([['tools/gen.py', counts(0, 4)]])
    const { results } = measureComponents(specs, undefined, context({ perFile }))
    expect(results.map((result) => [result.name, result.status, result.emptyGlobs])).toEqual([
      ['api', 'failed', ['services/api/**', 'services/shared/**']],
      ['shared', 'passed', ['services/shared/**']],
      ['web', 'failed', ['web/**']],
    ])
  })
})

describe('parseComponents', () => {
  it('reads one glob as a list, numbers and percent strings as rules, and null as unset', () => {
    const [web] = parseComponents('- name: web\n  paths: web/**\n  min-line: "80%"\n  min-branch: 55.5\n  max-drop: ~')
    expect(web).toEqual({
      name: 'web',
      paths: ['web/**'],
      limits: { minLinePct: 80, minBranchPct: 55.5, minPatchPct: undefined, maxDropPct: undefined },
    })
  })

  it.each([
    ['- name: web\n  paths: []', /component web needs paths, a list of globs$/],
    ['- name: web\n  paths: [web/**, 3]', /component web needs paths, a list of globs$/],
    ['- web', /component 1 is not a mapping$/],
    ['[]', /it is not a list$/],
    ['- name: web\n  paths: [web/**]\n  min-patch: true', /min-patch is true, not a percentage from 0 to 100$/],
    ['- name: web\n  paths: [web/**]\n  max-drop: -1', /max-drop is -1, not a percentage from 0 to 100$/],
  ])('refuses %j', (text, message) => {
    expect(() => parseComponents(text)).toThrow(message)
  })
})
