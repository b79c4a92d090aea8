/** One step of a JSON path: an object key or an array index. */
export type PathStep = string | number

/**
 * Parses the small, unambiguous subset of JSONPath a health check needs: `$`, `.name`,
 * `['name']` / `["name"]` and `[index]`, e.g. `$.checks[0].status` or `$['db-status']`.
 * Filters, wildcards and recursion are refused rather than half-supported.
 */
export function parseJsonPath(path: string): PathStep[] | undefined {
  if (!path.startsWith('$')) return undefined
  const steps: PathStep[] = []
  const token = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y
  token.lastIndex = 1
  while (token.lastIndex < path.length) {
    const match = token.exec(path)
    if (!match) return undefined
    const [, name, index, single, double] = match
    if (index !== undefined) steps.push(Number(index))
    else steps.push((name ?? single ?? double ?? '').replace(/\\(.)/g, '$1'))
  }
  return steps
}

/** The value at `steps`, or undefined when the path leads nowhere. */
export function valueAt(document: unknown, steps: readonly PathStep[]): unknown {
  let current = document
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined
      current = current[step]
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined
      current = (current as Record<string, unknown>)[step]
    }
  }
  return current
}
