// Mutations of real reports for the fuzz test and `pnpm bench fuzz`: what a crashed scanner, a
// half-uploaded artifact, a bad merge tool or a hostile pull request leaves behind.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export type MutationKind =
  'truncate' | 'drop-line' | 'swap-lines' | 'flip-byte' | 'extreme-number' | 'deep-nesting' | 'empty'
export const MUTATIONS: readonly MutationKind[] = [
  'truncate',
  'drop-line',
  'swap-lines',
  'flip-byte',
  'extreme-number',
  'deep-nesting',
  'empty',
]

const EXTREMES = ['99999999999999999999999', '-1', '1e308', '18446744073709551615', 'NaN', '0.0000001']

export interface Mutant {
  kind: MutationKind
  content: Buffer
  /** A report no reader may accept: empty, JSON (or JSON lines) that does not parse, or XML cut before its root closes. */
  malformed: boolean
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

const nonEmptyLines = (text: string) => text.split('\n').filter((line) => line.trim() !== '')

/** Is this report strictly malformed for its kind (judged on the text alone, never by our parsers)? */
function malformedFor(name: string, original: string, text: string): boolean {
  if (text.trim() === '') return true
  if (/\.(json|sarif|golden)$/i.test(name) && isJson(original)) return !isJson(text.replace(/^\uFEFF/, ''))
  // JSON lines (yarn's audits): every line of the original an object, so every line must stay JSON.
  const originalLines = nonEmptyLines(original)
  if (originalLines.length > 0 && originalLines.every((line) => line.trimStart().startsWith('{') && isJson(line)))
    return !nonEmptyLines(text.replace(/^\uFEFF/, '')).every(isJson)
  const xml = original.trimStart().startsWith('<')
  if (xml) {
    const root = /<([A-Za-z][\w.-]*)[\s>]/.exec(
      original.replace(/<\?[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, ''),
    )?.[1]
    return root !== undefined && !text.trimEnd().endsWith('>') && !text.includes(`</${root}>`)
  }
  return false
}

export function mutate(name: string, original: Buffer, random: () => number, kind = pick(MUTATIONS, random)): Mutant {
  const text = original.toString('utf8')
  const lines = text.split('\n')
  let content: string | Buffer
  switch (kind) {
    case 'truncate':
      content = original.subarray(0, Math.floor(random() * original.length))
      break
    case 'drop-line': {
      const at = Math.floor(random() * lines.length)
      content = [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n')
      break
    }
    case 'swap-lines': {
      const [a, b] = [Math.floor(random() * lines.length), Math.floor(random() * lines.length)]
      const swapped = [...lines]
      ;[swapped[a], swapped[b]] = [lines[b] ?? '', lines[a] ?? '']
      content = swapped.join('\n')
      break
    }
    case 'flip-byte': {
      const copy = Buffer.from(original)
      const at = Math.floor(random() * copy.length)
      if (copy.length > 0) copy[at] = (copy[at] ?? 0) ^ (1 << Math.floor(random() * 8))
      content = copy
      break
    }
    case 'extreme-number': {
      const numbers = [...text.matchAll(/\d+/g)]
      const chosen = numbers.length > 0 ? pick(numbers, random) : undefined
      content = chosen
        ? `${text.slice(0, chosen.index)}${pick(EXTREMES, random)}${text.slice(chosen.index + chosen[0].length)}`
        : text
      break
    }
    case 'deep-nesting': {
      const depth = 5_000 + Math.floor(random() * 100_000)
      content = text.trimStart().startsWith('<')
        ? `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`
        : `${'['.repeat(depth)}${']'.repeat(depth)}`
      break
    }
    case 'empty':
      content = ''
      break
  }
  const buffer = typeof content === 'string' ? Buffer.from(content) : content
  return { kind, content: buffer, malformed: malformedFor(name, text, buffer.toString('utf8')) }
}

/** The corpus's reports (not its SOURCES.md, tree.txt or verbatim files), by gate. */
export function corpusReports(root: string): Array<{ gate: 'coverage-gate' | 'security-gate'; path: string }> {
  const found: Array<{ gate: 'coverage-gate' | 'security-gate'; path: string }> = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry)
      if (statSync(path).isDirectory()) {
        if (entry !== 'files') walk(path)
      } else if (entry !== 'SOURCES.md' && entry !== 'tree.txt' && !/\.(md|txt)$/.test(entry)) {
        const rel = relative(root, path)
        const security =
          /(^|\/)(security|bandit|grype|npm-audit|osv-scanner|pip-audit|safety|sarif|sbom-|semgrep|trivy|license-report)/.test(
            rel,
          )
        found.push({ gate: security ? 'security-gate' : 'coverage-gate', path })
      }
    }
  }
  walk(root)
  return found.sort((a, b) => a.path.localeCompare(b.path))
}

/** tree.txt beside a real report: the paths of the commit it came from. */
export function treeOf(report: string): string[] {
  const tree = join(report, '..', 'tree.txt')
  return existsSync(tree) ? readFileSync(tree, 'utf8').split('\n').filter(Boolean) : []
}
