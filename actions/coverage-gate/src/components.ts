// Each component's numbers and verdict: its files' counts, its changed lines, its drop against the
// baseline's same files, or — for a component no report of this run measured — the baseline's
// numbers carried forward, marked as such. Pure: plain data in, plain data out.
import { matchesGlob } from 'node:path'
import { baselinePct, type StoredComponent, type StoredReport } from './baseline.js'
import { carries, type Carryforward, type ComponentSpec } from './components-input.js'
import type { Diff } from './diff.js'
import { sumCounts, type Counts } from './merge.js'
import type { PatchFile } from './patch.js'
import { evaluate, pct, type Measures, type RuleResult, type Verdict } from './rules.js'

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

/** Which components each path is in: globs matched once per file, never per line. */
function membership(paths: Iterable<string>, specs: readonly ComponentSpec[]): Map<string, number[]> {
  const members = new Map<string, number[]>()
  for (const path of paths) {
    const of: number[] = []
    specs.forEach((spec, index) => {
      if (spec.paths.some((glob) => matchesGlob(path, glob))) of.push(index)
    })
    members.set(path, of)
  }
  return members
}

export const within = (spec: ComponentSpec) => (path: string) => spec.paths.some((glob) => matchesGlob(path, glob))

function baselineOf(baseline: StoredReport, spec: ComponentSpec): StoredReport {
  const inside = within(spec)
  return { ...baseline, files: Object.fromEntries(Object.entries(baseline.files).filter(([path]) => inside(path))) }
}

/** The baseline's same files; when it measured none of them (it carried this component), its carried numbers. */
function componentBaselinePct(spec: ComponentSpec, context: ComponentContext): number | undefined {
  const { baseline } = context
  if (!baseline) return undefined
  const fromFiles = baselinePct(baselineOf(baseline, spec), context.stillExists, context.diff)
  const stored = baseline.components?.[spec.name]
  return fromFiles ?? (stored ? pct(stored.lines.covered, stored.lines.total) : undefined)
}

function patchOf(spec: ComponentSpec, context: ComponentContext, files: ReadonlySet<string>): Measures['patch'] {
  if (!context.patchFiles) return context.patch
  const mine = context.patchFiles.filter((file) => files.has(file.path))
  return {
    covered: mine.reduce((sum, file) => sum + file.covered, 0),
    total: mine.reduce((sum, file) => sum + file.total, 0),
  }
}

function statusOf(verdict: Verdict, carried: boolean): ComponentResult['status'] {
  if (!verdict.passed) return 'failed'
  return carried ? 'carried' : 'passed'
}

/** A component no report of this run measures: the baseline's numbers, or a failure saying there are none. */
function carried(spec: ComponentSpec, context: ComponentContext): ComponentResult {
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
  const verdict = evaluate(
    { totals, patch: undefined, baselinePct: pct(totals.linesCovered, totals.linesTotal) },
    { ...spec.limits, minPatchPct: undefined },
  )
  const patchRule = carriedPatchRule(spec, context, from)
  if (patchRule) {
    verdict.rules.push(patchRule)
    if (!patchRule.passed) {
      verdict.passed = false
      verdict.reason = verdict.rules
        .filter((rule) => !rule.passed)
        .map((rule) => `${rule.rule}: ${rule.detail}`)
        .join('; ')
    }
  }
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
function carriedPatchRule(spec: ComponentSpec, context: ComponentContext, from: string): RuleResult | undefined {
  const limit = spec.limits.minPatchPct
  if (limit === undefined) return undefined
  const inside = within(spec)
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
  const members = membership(context.perFile.keys(), specs)
  const filesOf = specs.map(() => new Set<string>())
  const outside: string[] = []
  for (const [path, of] of members) {
    if (of.length === 0) outside.push(path)
    for (const index of of) filesOf[index]?.add(path)
  }
  const results = specs.map((spec, index): ComponentResult => {
    const files = filesOf[index] ?? new Set<string>()
    if (files.size === 0 && carries(carry, spec.name)) return carried(spec, context)
    const emptyGlobs = spec.paths.filter((glob) => ![...files].some((path) => matchesGlob(path, glob)))
    if (files.size === 0) {
      const verdict = hasRules(spec)
        ? failedVerdict(`its paths (${spec.paths.join(', ')}) match no file this run measured`)
        : { ...failedVerdict('no rule is set'), passed: true }
      return { name: spec.name, files: 0, totals: EMPTY, verdict, status: statusOf(verdict, false), emptyGlobs }
    }
    const totals = sumCounts([...files].map((path) => context.perFile.get(path) ?? EMPTY))
    const verdict = evaluate(
      { totals, patch: patchOf(spec, context, files), baselinePct: componentBaselinePct(spec, context) },
      spec.limits,
    )
    return { name: spec.name, files: files.size, totals, verdict, status: statusOf(verdict, false), emptyGlobs }
  })
  return { results, outside }
}
