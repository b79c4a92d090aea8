import {
  InputError,
  boolean,
  linesOf,
  list,
  number,
  oneOf,
  percent,
  text,
  type InputForm,
  inputReader,
  runnerInput,
  type GetInput,
} from '@shipgate/core/action'
import { parseCarryforward, parseComponents, type Carryforward, type ComponentSpec } from './components-input.js'

export const FORMATS = ['auto', 'cobertura', 'lcov', 'jacoco', 'clover', 'istanbul', 'istanbul-summary', 'go'] as const
export type Format = (typeof FORMATS)[number]

export interface PathFix {
  before: string
  after: string
}

export interface Inputs {
  /** Undefined: discover the usual report names. */
  reports: string[] | undefined
  format: Format
  minLinePct: number | undefined
  minBranchPct: number | undefined
  minPatchPct: number | undefined
  /** Largest share of the reports' lines allowed to match no file of the repository. */
  maxUnmatchedPct: number | undefined
  maxDropPct: number | undefined
  baseline: string | undefined
  baseRef: string | undefined
  pathFixes: PathFix[]
  exclude: string[]
  expectedReports: number | undefined
  comment: 'auto' | 'new' | 'off'
  annotate: 'changed-lines' | 'off'
  fail: boolean
  githubToken: string | undefined
  workingDirectory: string
  /** Parts of the repository gated on their own; empty when the input is. */
  components: ComponentSpec[]
  carryforward: Carryforward | undefined
}

const pathFix: InputForm<PathFix> = {
  parse: (line) => {
    const at = line.indexOf('::')
    if (at <= 0) return undefined
    return { before: line.slice(0, at).trim(), after: line.slice(at + 2).trim() }
  },
  expected: 'a `before::after` rewrite, e.g. /build/src/::src/',
}

const baselineNeeded = (because: string) =>
  new InputError('baseline', '', `the report-json of an earlier run, because ${because}`)

export function readInputs(get: GetInput = runnerInput): Inputs {
  const { input, optionalInput, secretInput } = inputReader(get)
  const inputs: Inputs = {
    reports: optionalInput('reports', list),
    format: input('format', oneOf(FORMATS)),
    minLinePct: optionalInput('min-line', percent),
    minBranchPct: optionalInput('min-branch', percent),
    minPatchPct: optionalInput('min-patch', percent),
    maxDropPct: optionalInput('max-drop', percent),
    maxUnmatchedPct: optionalInput('max-unmatched', percent),
    baseline: optionalInput('baseline', text),
    baseRef: optionalInput('base-ref', text),
    pathFixes: optionalInput('path-fixes', linesOf(pathFix)) ?? [],
    exclude: optionalInput('exclude', list) ?? [],
    expectedReports: optionalInput('expected-reports', number({ min: 1, integer: true })),
    comment: input('comment', oneOf(['auto', 'new', 'off'])),
    annotate: input('annotate', oneOf(['changed-lines', 'off'])),
    fail: input('fail', boolean),
    githubToken: secretInput('github-token'),
    workingDirectory: input('working-directory', text),
    components: optionalInput('components', { parse: parseComponents, expected: 'a YAML list of components' }) ?? [],
    carryforward: undefined,
  }
  const carryforward = optionalInput('carryforward', list)
  if (carryforward) {
    if (inputs.components.length === 0)
      throw new InputError('carryforward', carryforward.join(', '), 'empty, because components is not set')
    if (inputs.baseline === undefined) throw baselineNeeded('carryforward is set')
    inputs.carryforward = parseCarryforward(carryforward, inputs.components)
  }
  const dropping = inputs.components.find((component) => component.limits.maxDropPct !== undefined)
  if (dropping && inputs.baseline === undefined) throw baselineNeeded(`component ${dropping.name} sets max-drop`)
  if (inputs.maxDropPct !== undefined && inputs.baseline === undefined) {
    throw baselineNeeded('max-drop is set')
  }
  return inputs
}
