// Each component's numbers and verdict: its files' counts, its changed lines, its drop against the
// baseline's same files, or — for a component no report of this run measured — the baseline's
// numbers carried forward, marked as such. Pure: plain data in, plain data out.
import { baselinePct, type StoredComponent, type StoredReport } from './baseline.js'
import { carries, type Carryforward, type ComponentSpec } from './components-input.js'
import type { Diff } from './diff.js'
import { indexGlobs, type PathTest } from './globs.js'
import { sumCounts, type Counts } from './merge.js'
import { patchTotals, type PatchFile } from './patch.js'
import { evaluate, pct, withRule, type Measures, type RuleResult, type Verdict } from './rules.js'

export interface ComponentResult {
  name: string
  /** Measured files of this run in it. */
  files: number
  totals: Counts
  verdict: Verdict
  status: 'passed' | 'failed' | 'carried'
  /** The commit whose numbers a carried component shows. */
  carriedFrom?: string
  /** Its globs that match no file this run measured (a typo, or a part a skipped leg would cover). */
  emptyGlobs: string[]
}

export interface ComponentsMeasured {
  results: ComponentResult[]
  /** Measured files in no component. */
  outside: string[]
  /** True for a path in a carried component: this run's numbers do not include it. */
  inCarried: PathTest
}

export interface ComponentContext {
  perFile: ReadonlyMap<string, Counts>
  patchFiles: readonly PatchFile[] | undefined
  /** What the top-level patch rule is judged on, for a component's own. */
  patch: Measures['patch']
  diff: Diff | undefined
  baseline: StoredReport | undefined
  stillExists: (path: string) => boolean
}

const EMPTY: Counts = { linesTotal: 0, linesCovered: 0, branchesTotal: 0, branchesCovered: 0 }

/** A component and the test of whether a path is in it. */
interface Compiled {
  spec: ComponentSpec
  inside: PathTest
}

/**
 * Every component's globs indexed once: each component's files, which of its globs matched any,
 * the measured files in none, and each component's own path test from the same index.
 */
function membership(paths: Iterable<string>, specs: readonly ComponentSpec[]) {
  const owners = specs.flatMap((spec, index) => spec.paths.map(() => index))
  const matching = indexGlobs(specs.flatMap((spec) => spec.paths))
  const files = specs.map(() => new Set<string>())
  const used = new Set<number>()
  const outside: string[] = []
  for (const path of paths) {
    const ids = matching(path)
    if (ids.length === 0) outside.push(path)
    for (const id of ids) {
      used.add(id)
      files[owners[id] ?? 0]?.add(path)
    }
  }
  let next = 0
  const usedOf = specs.map((spec) => spec.paths.map(() => used.has(next++)))
  const components = specs.map((spec, index): Compiled => ({
    spec,
    inside: (path) => matching(path).some((id) => owners[id] === index),
  }))
  return { components, files, used: usedOf, outside }
}

function baselineOf(baseline: StoredReport, inside: PathTest): StoredReport {
  return { ...baseline, files: Object.fromEntries(Object.entries(baseline.files).filter(([path]) => inside(path))) }
}

/** The baseline's same files; when it measured none of them (it carried this component), its carried numbers. */
function componentBaselinePct({ spec, inside }: Compiled, context: ComponentContext): number | undefined {
  const { baseline } = context
  if (!baseline) return undefined
  const fromFiles = baselinePct(baselineOf(baseline, inside), context.stillExists, context.diff)
  const stored = baseline.components?.[spec.name]
  return fromFiles ?? (stored ? pct(stored.lines.covered, stored.lines.total) : undefined)
}

function patchOf(context: ComponentContext, files: ReadonlySet<string>): Measures['patch'] {
  if (!context.patchFiles) return context.patch
  return patchTotals(context.patchFiles.filter((file) => files.has(file.path)))
}

function statusOf(verdict: Verdict, carried: boolean): ComponentResult['status'] {
  if (!verdict.passed) return 'failed'
  return carried ? 'carried' : 'passed'
}

/** A component no report of this run measures: the baseline's numbers, or a failure saying there are none. */
function carried(component: Compiled, context: ComponentContext): ComponentResult {
  const { spec } = component
  const stored: StoredComponent | undefined = context.baseline?.components?.[spec.name]
  const from = stored?.carriedFrom ?? context.baseline?.commit ?? 'the baseline'
  if (!stored) {
    const verdict = failedVerdict(
      `no report of this run measures ${spec.name} and the baseline has no ${spec.name} to carry forward`,
    )
    return { name: spec.name, files: 0, totals: EMPTY, verdict, status: 'failed', emptyGlobs: [] }
  }
  const totals: Counts = {
    linesTotal: stored.lines.total,
    linesCovered: stored.lines.covered,
    branchesTotal: stored.branches.total,
    branchesCovered: stored.branches.covered,
  }
  const numbers = evaluate(
    { totals, patch: undefined, baselinePct: pct(totals.linesCovered, totals.linesTotal) },
    { ...spec.limits, minPatchPct: undefined },
  )
  const patchRule = carriedPatchRule(component, context, from)
  const verdict = patchRule ? withRule(numbers, patchRule) : numbers
  return {
    name: spec.name,
    files: 0,
    totals,
    verdict,
    status: statusOf(verdict, true),
    carriedFrom: from,
    emptyGlobs: [],
  }
}

/** Carried numbers are not a test of this change: changed lines in a carried component fail its min-patch. */
function carriedPatchRule({ spec, inside }: Compiled, context: ComponentContext, from: string): RuleResult | undefined {
  const limit = spec.limits.minPatchPct
  if (limit === undefined) return undefined
  const changed = [...(context.diff?.added ?? [])].filter(([path]) => inside(path))
  const lines = changed.reduce((sum, [, added]) => sum + added.size, 0)
  return lines === 0
    ? { rule: 'min-patch', limit, actual: undefined, passed: true, detail: 'no changed line' }
    : {
        rule: 'min-patch',
        limit,
        actual: undefined,
        passed: false,
        detail: `${lines} lines changed in ${changed.length === 1 ? '1 file' : `${changed.length} files`} of ${spec.name}, which no report of this run measures (numbers carried from ${from}): carried coverage is not a test of them`,
      }
}

function failedVerdict(reason: string): Verdict {
  return {
    passed: false,
    reason,
    linePct: 0,
    branchPct: undefined,
    patchPct: undefined,
    deltaPts: undefined,
    rules: [],
  }
}

const hasRules = (spec: ComponentSpec) => Object.values(spec.limits).some((limit) => limit !== undefined)

export function measureComponents(
  specs: readonly ComponentSpec[],
  carry: Carryforward | undefined,
  context: ComponentContext,
): ComponentsMeasured {
  const { components, files: filesOf, used, outside } = membership(context.perFile.keys(), specs)
  const results = components.map((component, index): ComponentResult => {
    const { spec } = component
    const files = filesOf[index] ?? new Set<string>()
    if (files.size === 0 && carries(carry, spec.name)) return carried(component, context)
    const emptyGlobs = spec.paths.filter((_, glob) => !used[index]?.[glob])
    if (files.size === 0) {
      const verdict = hasRules(spec)
        ? failedVerdict(`its paths (${spec.paths.join(', ')}) match no file this run measured`)
        : evaluate({ totals: EMPTY, patch: undefined, baselinePct: undefined }, spec.limits)
      return { name: spec.name, files: 0, totals: EMPTY, verdict, status: statusOf(verdict, false), emptyGlobs }
    }
    const totals = sumCounts([...files].map((path) => context.perFile.get(path) ?? EMPTY))
    const verdict = evaluate(
      { totals, patch: patchOf(context, files), baselinePct: componentBaselinePct(component, context) },
      spec.limits,
    )
    return { name: spec.name, files: files.size, totals, verdict, status: statusOf(verdict, false), emptyGlobs }
  })
  const carriedOnes = components.filter((_, index) => results[index]?.carriedFrom !== undefined)
  return {
    results,
    outside,
    inCarried: (path) => carriedOnes.some((component) => component.inside(path)),
  }
}
