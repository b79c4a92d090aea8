// coverage-gate's components and carryforward through the committed bundle, on a monorepo of three
// Python packages tested in two CI legs by the real coverage.py (tests/fixtures/monorepo-coveragepy).
// Each component's expected numbers are what coverage.py itself states with an include filter on
// that component's files (the fixture's README), not what our parser reads.
import { afterEach, describe, expect, it } from '@jest/globals'
import { cpSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../tools/lib/action-yml.js'
import { checkoutOf, git, pullRequestAdding, type PullRequestEvent } from './harness/git-checkout.js'
import { runAction, type RunOptions } from './harness/run-action.js'

const monorepo = join(repoRoot, 'tests', 'fixtures', 'monorepo-coveragepy')
const temps: string[] = []
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const COMPONENTS = `
- name: api
  paths: [services/api/**]
  min-line: 75
- name: billing
  paths: ["services/billing/**"]
  min-line: 50
  min-branch: 30
- name: web
  paths: [web/**]
  min-line: 70
`
/** A pull request's gate: web's changed lines must be half covered. */
const WITH_PATCH = COMPONENTS.replace('min-line: 70', 'min-line: 70\n  min-patch: 50')
const BOTH_LEGS = 'reports/services.xml, reports/web.xml'

function gate(workspace: string, inputs: Record<string, string>, options: RunOptions = {}) {
  return runAction('coverage-gate', {
    workspace,
    inputs: { 'min-line': '0', comment: 'off', components: COMPONENTS, ...inputs },
    ...options,
  })
}

interface ComponentOutput {
  status: string
  line: number | null
  branch: number | null
  patch: number | null
  'carried-from': string | null
}
const componentsOf = (outputs: Record<string, string>) =>
  JSON.parse(outputs.components ?? '{}') as Record<string, ComponentOutput>
const pct2 = (covered: number, total: number) => Math.round((covered / total) * 10_000) / 100

describe('components: each part of the monorepo with its own gate', () => {
  it('gives each component the numbers coverage.py states for its files alone', async () => {
    const { main } = await gate(checkoutOf(monorepo, temps), { reports: BOTH_LEGS })
    expect(main.errors).toEqual([])
    expect(main.exitCode).toBe(0)
    expect(componentsOf(main.outputs)).toEqual({
      api: { status: 'passed', line: pct2(11, 14), branch: pct2(5, 6), patch: null, 'carried-from': null },
      billing: { status: 'passed', line: pct2(11, 21), branch: pct2(5, 14), patch: null, 'carried-from': null },
      web: { status: 'passed', line: pct2(18, 25), branch: pct2(5, 10), patch: null, 'carried-from': null },
    })
    // The whole repository is still its own gate: all three packages' 40 of 60 lines.
    expect(main.outputs).toMatchObject({ 'lines-covered': '40', 'lines-total': '60', passed: 'true' })
    expect(main.summary).toContain('### Components (3: 0 failed)')
    expect(main.summary).toContain('| api | 2 | 78.57% | 83.33% |')
  })

  it('fails the step when one component misses its rule, names it, and lists it first', async () => {
    const components = COMPONENTS.replace('min-line: 75', 'min-line: 90')
    const { main } = await gate(checkoutOf(monorepo, temps), { reports: BOTH_LEGS, components })
    expect(main.exitCode).toBe(1)
    expect(main.outputs.passed).toBe('false')
    expect(componentsOf(main.outputs).api?.status).toBe('failed')
    expect(main.errors).toHaveLength(1)
    expect(main.errors[0]?.message).toBe('Coverage gate failed: component api: min-line: 11 of 14 lines (78.57 vs 90)')
    const table = main.summary.slice(main.summary.indexOf('### Components'))
    expect(table).toContain('### Components (3: 1 failed)')
    expect(table.indexOf('| api |')).toBeLessThan(table.indexOf('| billing |'))
    expect(table).toMatch(/\| api \| 2 \| 78\.57% \| 83\.33% \|[^\n]*❌ `min-line`/)
  })

  it('lists measured files in no component, and warns of a glob that matches none', async () => {
    const components = `${COMPONENTS}- name: docs\n  paths: [docs/**]\n`
    const narrow = components.replace('[web/**]', '[web/web/views.py, web/web/__init__.py]')
    const { main } = await gate(checkoutOf(monorepo, temps), { reports: BOTH_LEGS, components: narrow })
    expect(main.exitCode).toBe(0)
    expect(main.warnings.map((warning) => warning.message)).toEqual([
      'components: docs/** of component docs matches no file this run measured',
    ])
    expect(main.summary).toContain('1 measured files are in no component')
    expect(main.summary).toContain('- web/web/forms.py')
    expect(componentsOf(main.outputs).docs).toEqual({
      status: 'passed',
      line: null,
      branch: null,
      patch: null,
      'carried-from': null,
    })
  })
})

describe('carryforward: the legs a run skipped', () => {
  /** Run 1 measures both legs at the checkout's commit; its report-json is the next run's baseline. */
  async function firstRun(workspace: string): Promise<{ baseline: string; commit: string }> {
    const commit = git(workspace, 'rev-parse', 'HEAD')
    const { main } = await gate(workspace, { reports: BOTH_LEGS }, { env: { GITHUB_SHA: commit } })
    expect(main.exitCode).toBe(0)
    const baseline = join(workspace, 'baseline.json')
    cpSync(main.outputs['report-json'] ?? '', baseline)
    return { baseline, commit }
  }

  it('carries a skipped leg’s component from the baseline, marked with its commit, and never mixes it in', async () => {
    const workspace = checkoutOf(monorepo, temps)
    const { baseline, commit } = await firstRun(workspace)
    // Run 2: a path filter skipped the web leg, so only the services report exists.
    const second = await gate(workspace, {
      reports: 'reports/services.xml',
      baseline,
      carryforward: 'web',
      'max-drop': '0',
    })
    expect(second.main.errors).toEqual([])
    expect(second.main.exitCode).toBe(0)
    const components = componentsOf(second.main.outputs)
    expect(components.web).toEqual({
      status: 'carried',
      line: pct2(18, 25),
      branch: pct2(5, 10),
      patch: null,
      'carried-from': commit,
    })
    expect(components.api).toMatchObject({ status: 'passed', 'carried-from': null })
    // The whole-repository numbers are this run's alone: services' 22 of 35 lines, and its drop
    // is judged against the baseline's services files only (against all 40 of 60 it would be -3.81).
    expect(second.main.outputs).toMatchObject({ 'lines-covered': '22', 'lines-total': '35', passed: 'true' })
    expect(second.main.summary).toContain('| change vs baseline |  |  | \\+0.00 pts |')
    expect(second.main.summary).toContain(`| web |  | 72.00% | 50.00% |  |  | ✅ | ${commit.slice(0, 7)} |`)
    expect(second.main.stdout).toContain(
      `component web: no report of this run measures it; numbers carried from ${commit}`,
    )

    // Run 3 skips web again, from run 2's report-json: the numbers still say where they were measured.
    const again = join(workspace, 'baseline-2.json')
    cpSync(second.main.outputs['report-json'] ?? '', again)
    const third = await gate(workspace, { reports: 'reports/services.xml', baseline: again, carryforward: 'all' })
    expect(componentsOf(third.main.outputs).web).toMatchObject({ status: 'carried', 'carried-from': commit })
    const stored = JSON.parse(readFileSync(third.main.outputs['report-json'] ?? '', 'utf8')) as {
      components: Record<string, { carriedFrom?: string; lines: { covered: number; total: number } }>
    }
    expect(stored.components.web).toMatchObject({ carriedFrom: commit, lines: { covered: 18, total: 25 } })

    // Without carryforward the skipped component has no numbers, and its rules fail.
    const bare = await gate(workspace, { reports: 'reports/services.xml' })
    expect(bare.main.exitCode).toBe(1)
    expect(componentsOf(bare.main.outputs).web?.status).toBe('failed')
    expect(bare.main.errors[0]?.message).toBe(
      'Coverage gate failed: component web: its paths (web/**) match no file this run measured',
    )
  })

  it('never carries a component this run has a report for', async () => {
    const workspace = checkoutOf(monorepo, temps)
    const { baseline } = await firstRun(workspace)
    const { main } = await gate(workspace, { reports: BOTH_LEGS, baseline, carryforward: 'all' })
    expect(Object.values(componentsOf(main.outputs)).map((component) => component.status)).toEqual([
      'passed',
      'passed',
      'passed',
    ])
    expect(main.summary).not.toContain('carried forward')
  })
})

describe('components on a pull request', () => {
  /** The base has no validate_age(); the head adds it, untested: web's 6 measured changed lines, 1 covered. */
  function webOnlyChange(): { workspace: string; event: PullRequestEvent } {
    const workspace = checkoutOf(monorepo, temps)
    return { workspace, event: pullRequestAdding(workspace, 'web/web/forms.py', '\n\ndef validate_age', 8) }
  }

  it('judges a change to web on web’s changed lines, and the untouched components on none', async () => {
    const { workspace, event } = webOnlyChange()
    const { main } = await gate(workspace, { reports: BOTH_LEGS, components: WITH_PATCH }, { event })
    expect(main.exitCode).toBe(1)
    const components = componentsOf(main.outputs)
    expect(components.web).toMatchObject({ status: 'failed', patch: pct2(1, 6) })
    expect(components.api).toMatchObject({ status: 'passed', patch: null })
    expect(main.errors[0]?.message).toBe(
      'Coverage gate failed: component web: min-patch: 1 of 6 changed lines (16.67 vs 50)',
    )
  })

  it('fails min-patch of a carried component the change touches: carried numbers are no test of it', async () => {
    const { workspace, event } = webOnlyChange()
    const commit = git(workspace, 'rev-parse', 'HEAD~1')
    const first = await gate(workspace, { reports: BOTH_LEGS }, { env: { GITHUB_SHA: commit } })
    const baseline = join(workspace, 'baseline.json')
    cpSync(first.main.outputs['report-json'] ?? '', baseline)
    const { main } = await gate(
      workspace,
      { reports: 'reports/services.xml', baseline, carryforward: 'web', components: WITH_PATCH },
      { event },
    )
    expect(main.exitCode).toBe(1)
    expect(componentsOf(main.outputs).web).toMatchObject({ status: 'failed', 'carried-from': commit })
    expect(main.errors[0]?.message).toContain(
      'component web: min-patch: 7 lines changed in 1 file of web, which no report of this run measures',
    )
  })
})

describe('components bad input', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    [
      'not YAML',
      { components: '- name: [api' },
      /^Input 'components' is .*: expected a YAML list of components.*it is not YAML: Flow sequence/s,
    ],
    ['a mapping, not a list', { components: 'api: services/**' }, /it is not a list$/],
    ['no name', { components: '- paths: [web/**]' }, /component 1 has no name$/],
    [
      'duplicate names',
      { components: '- name: web\n  paths: [web/**]\n- name: web\n  paths: [services/**]' },
      /the name web is used by two components$/,
    ],
    [
      'an unknown key',
      { components: '- name: web\n  paths: [web/**]\n  min-lines: 80' },
      /component web has unknown key\(s\) min-lines$/,
    ],
    [
      'a rule out of range',
      { components: '- name: web\n  paths: [web/**]\n  min-line: 120' },
      /component web: min-line is 120, not a percentage from 0 to 100$/,
    ],
    ['no paths', { components: '- name: web\n  min-line: 80' }, /component web needs paths, a list of globs$/],
    [
      'carryforward naming an unknown component',
      { carryforward: 'web, mobile', baseline: 'reports/services.xml' },
      /^Input 'carryforward' is 'web, mobile': expected all, or names of components \(api, billing, web\); mobile is not one$/,
    ],
    [
      'carryforward without a baseline',
      { carryforward: 'web' },
      /^Input 'baseline' is required: expected the report-json of an earlier run, because carryforward is set$/,
    ],
    [
      'a component max-drop without a baseline',
      { components: '- name: web\n  paths: [web/**]\n  max-drop: 1' },
      /^Input 'baseline' is required: expected the report-json of an earlier run, because component web sets max-drop$/,
    ],
    [
      'carryforward without components',
      { components: '', carryforward: 'web', baseline: 'old.json' },
      /^Input 'carryforward' is 'web': expected empty, because components is not set$/,
    ],
  ]

  it.each(cases)('%s gets one clear error naming the input', async (_name, inputs, message) => {
    const { main } = await gate(checkoutOf(monorepo, temps), { reports: BOTH_LEGS, ...inputs })
    expect(main.exitCode).toBe(1)
    expect(main.errors).toHaveLength(1)
    expect(main.errors[0]?.message).toMatch(message)
    expect(main.stdout).not.toMatch(/\n\s+at .*\.js:\d+/)
  })

  it('refuses to carry forward from a baseline written without components', async () => {
    const workspace = checkoutOf(monorepo, temps)
    const plain = await runAction('coverage-gate', {
      workspace,
      inputs: { 'min-line': '0', comment: 'off', reports: BOTH_LEGS },
    })
    const baseline = join(workspace, 'plain.json')
    cpSync(plain.main.outputs['report-json'] ?? '', baseline)
    const { main } = await gate(workspace, { reports: 'reports/services.xml', baseline, carryforward: 'web' })
    expect(main.exitCode).toBe(1)
    expect(main.errors).toHaveLength(1)
    expect(main.errors[0]?.message).toBe(
      'plain.json: has no components: carryforward (web) needs the report-json of a run with components set',
    )
  })
})
