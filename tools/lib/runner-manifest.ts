// What the runner's own loader refuses in an action.yml. The runner reads a manifest against its
// template schema (actions/runner, src/Runner.Worker/action_yaml.json) and fails the step with
// "Fail to load action.yml" before any code runs; a loose YAML read accepts all of these, which
// is how a broken manifest once passed every local test. The harness refuses to run, and the lint
// rejects, any manifest with a problem listed here.
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml'

/** Functions every expression may call (the runner's built-ins); the status functions are for `if:` only. */
const BUILTIN_FUNCTIONS = ['contains', 'startsWith', 'endsWith', 'format', 'join', 'toJSON', 'fromJSON']
const LITERALS = ['true', 'false', 'null', 'NaN', 'Infinity']

/** The contexts the schema allows in each place an expression may appear. */
const INPUT_DEFAULT_CONTEXT = { named: ['github', 'strategy', 'matrix', 'job', 'runner'], functions: ['hashFiles'] }
const OUTPUT_VALUE_CONTEXT = {
  named: ['github', 'strategy', 'matrix', 'steps', 'inputs', 'job', 'runner', 'env'],
  functions: [],
}

/** `runs` of a JavaScript action (the schema's node12-runs, used for every nodeNN). */
const NODE_RUNS_KEYS = ['using', 'main', 'pre', 'pre-if', 'post', 'post-if']
const NODE_VERSIONS = ['node12', 'node16', 'node20', 'node24']
const OUTPUT_KEYS = ['description', 'value']

interface ExpressionContext {
  named: string[]
  functions: string[]
}

/**
 * The problems with the `${{ }}` expressions in `text` for a place that allows `context`: named
 * values outside it, functions it does not know, an expression left open.
 */
export function expressionProblems(text: string, context: ExpressionContext): string[] {
  const problems: string[] = []
  let rest = text
  for (;;) {
    const open = rest.indexOf('${{')
    if (open === -1) break
    const close = findClose(rest, open + 3)
    if (close === -1) {
      problems.push(`an expression is not closed with '}}': ${rest.slice(open)}`)
      break
    }
    const expression = rest.slice(open + 3, close)
    for (const name of namedValues(expression)) {
      if (name.call) {
        if (!BUILTIN_FUNCTIONS.includes(name.id) && !context.functions.includes(name.id)) {
          problems.push(`function '${name.id}' is not available here`)
        }
      } else if (!LITERALS.includes(name.id) && !context.named.includes(name.id)) {
        problems.push(
          `context '${name.id}' is not available here (allowed: ${[...context.named, ...context.functions].join(', ')})`,
        )
      }
    }
    rest = rest.slice(close + 2)
  }
  return problems
}

/** The index of the `}}` closing an expression that starts at `from`, skipping string literals. */
function findClose(text: string, from: number): number {
  let inString = false
  for (let index = from; index < text.length; index++) {
    const char = text[index]
    if (char === "'") {
      // '' inside a string literal is an escaped quote: toggling twice leaves it open.
      inString = !inString
    } else if (!inString && char === '}' && text[index + 1] === '}') {
      return index
    }
  }
  return -1
}

/** Identifiers that start a value (not a property after `.`), and whether each is called. */
function namedValues(expression: string): Array<{ id: string; call: boolean }> {
  const found: Array<{ id: string; call: boolean }> = []
  const withoutStrings = expression.replace(/'(?:[^']|'')*'/g, "''")
  const identifier = /[A-Za-z_][A-Za-z0-9_-]*/g
  for (const match of withoutStrings.matchAll(identifier)) {
    const before = withoutStrings.slice(0, match.index).trimEnd()
    if (before.endsWith('.')) continue
    const after = withoutStrings.slice(match.index + match[0].length).trimStart()
    found.push({ id: match[0], call: after.startsWith('(') })
  }
  return found
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
}

function kind(node: unknown): string {
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a sequence'
  if (isScalar(node)) return node.value === null ? 'null' : typeof node.value
  return 'nothing'
}

/** A value the schema types as `string`: a YAML string, not a mapping, a sequence or a bare true/10. */
function stringProblem(where: string, node: unknown, nonEmpty = false): string | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') {
    return `${where} is ${kind(node)}: expected a string${isScalar(node) && node.value !== null ? ` (quote it: '${JSON.stringify(node.value)}')` : ''}`
  }
  if (nonEmpty && node.value === '') return `${where} is empty: expected a non-empty string`
  return undefined
}

function mappingPairs(where: string, node: unknown, problems: string[]): Array<Pair<unknown, unknown>> {
  if (node === undefined || node === null) return []
  if (!isMap(node)) {
    problems.push(`${where} is ${kind(node)}: expected a mapping`)
    return []
  }
  return node.items
}

function checkInputs(node: unknown, problems: string[]): void {
  for (const pair of mappingPairs('inputs', node, problems)) {
    const name = keyOf(pair)
    for (const field of mappingPairs(`input '${name}'`, pair.value, problems)) {
      if (keyOf(field) !== 'default') continue
      const problem = stringProblem(`input '${name}' default`, field.value)
      if (problem) problems.push(problem)
      else if (isScalar(field.value)) {
        for (const found of expressionProblems(String(field.value.value), INPUT_DEFAULT_CONTEXT)) {
          problems.push(`input '${name}' default: ${found}`)
        }
      }
    }
  }
}

function checkOutputs(node: unknown, problems: string[]): void {
  for (const pair of mappingPairs('outputs', node, problems)) {
    const name = keyOf(pair)
    for (const field of mappingPairs(`output '${name}'`, pair.value, problems)) {
      const key = keyOf(field)
      if (!OUTPUT_KEYS.includes(key)) {
        problems.push(`output '${name}' has '${key}': an output takes only ${OUTPUT_KEYS.join(' and ')}`)
        continue
      }
      const problem = stringProblem(`output '${name}' ${key}`, field.value)
      if (problem) problems.push(problem)
      else if (key === 'value' && isScalar(field.value)) {
        for (const found of expressionProblems(String(field.value.value), OUTPUT_VALUE_CONTEXT)) {
          problems.push(`output '${name}' value: ${found}`)
        }
      }
    }
  }
}

function checkRuns(node: unknown, problems: string[]): void {
  if (node === undefined) {
    problems.push("'runs' is missing")
    return
  }
  const pairs = mappingPairs('runs', node, problems)
  const using = pairs.find((pair) => keyOf(pair) === 'using')
  const usingValue = isScalar(using?.value) ? String(using.value.value) : undefined
  if (!usingValue || !NODE_VERSIONS.includes(usingValue)) {
    problems.push(
      `runs.using is '${usingValue ?? ''}': expected a JavaScript runtime, one of ${NODE_VERSIONS.join(', ')}`,
    )
    return
  }
  for (const pair of pairs) {
    const key = keyOf(pair)
    if (!NODE_RUNS_KEYS.includes(key)) {
      problems.push(`runs has '${key}': a JavaScript action's runs takes only ${NODE_RUNS_KEYS.join(', ')}`)
      continue
    }
    const problem = stringProblem(`runs.${key}`, pair.value, true)
    if (problem) problems.push(problem)
  }
  if (!pairs.some((pair) => keyOf(pair) === 'main'))
    problems.push("runs.main is missing: a JavaScript action needs 'main'")
}

/** Every reason the runner would refuse to load this action.yml; empty when it loads. */
export function runnerManifestProblems(source: string): string[] {
  const document = parseDocument(source, { uniqueKeys: true })
  if (document.errors.length > 0) return document.errors.map((error) => `not valid YAML: ${error.message}`)
  const root: Node | null = document.contents
  const problems: string[] = []
  const pairs = mappingPairs('the document', root, problems)
  if (!isMap(root)) return problems.length > 0 ? problems : ['the document is empty: expected a mapping']
  const field = (name: string) => pairs.find((pair) => keyOf(pair) === name)?.value
  for (const name of ['name', 'description']) {
    const value = field(name)
    if (value === undefined) continue
    const problem = stringProblem(name, value)
    if (problem) problems.push(problem)
  }
  checkInputs(field('inputs'), problems)
  checkOutputs(field('outputs'), problems)
  checkRuns(field('runs'), problems)
  return problems
}
