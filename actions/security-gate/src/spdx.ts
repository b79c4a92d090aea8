// SPDX license expressions, evaluated properly: an expression becomes its alternative sets (the
// sets of licenses one may comply with), so `MIT OR GPL-3.0-only` passes an allow list of MIT and
// `MIT AND GPL-2.0-only` fails a deny list of GPL-2.0-only.
import parseSpdx from 'spdx-expression-parse'
import exceptionIds from 'spdx-exceptions/index.json' with { type: 'json' }
import licenseIds from 'spdx-license-ids/index.json' with { type: 'json' }
import deprecatedLicenseIds from 'spdx-license-ids/deprecated.json' with { type: 'json' }

/** Versions of the families whose `-or-later` / `+` grants the later versions too. */
const FAMILIES: Record<string, string[]> = {
  GPL: ['1.0', '2.0', '3.0'],
  LGPL: ['2.0', '2.1', '3.0'],
  AGPL: ['1.0', '3.0'],
  GFDL: ['1.1', '1.2', '1.3'],
}

/** One license of a set, with any exception after WITH. Compared case-insensitively by id. */
export type Alternatives = string[][]

function expandLicense(token: string): string[] {
  const orLater = /(-or-later|\+)$/i.test(token)
  const base = token.replace(/(-or-later|-only|\+)$/i, '')
  const match = /^(A?GPL|LGPL|GFDL)-(\d\.\d)$/i.exec(base)
  const family = match ? FAMILIES[(match[1] ?? '').toUpperCase()] : undefined
  if (!match || !family) return [token]
  const versions = orLater ? family.filter((version) => version >= (match[2] ?? '')) : [match[2] ?? '']
  return versions.map((version) => `${(match[1] ?? '').toUpperCase()}-${version}-only`)
}

/** What spdx-expression-parse returns (its published types leave out `exception`). */
type ExpressionNode =
  | { license: string; plus?: true; exception?: string }
  | { conjunction: 'and' | 'or'; left: ExpressionNode; right: ExpressionNode }

/** Every id the SPDX lists know, by its lower-case spelling. */
const CANONICAL = new Map(
  [...licenseIds, ...deprecatedLicenseIds, ...exceptionIds].map((id): [string, string] => [id.toLowerCase(), id]),
)

/**
 * The parser wants ids in their canonical case (SPDX itself matches them case-insensitively) and
 * refuses names outside its list. Ids are put in canonical case; any other name becomes a
 * `LicenseRef-`, so a custom name (`UNLICENSED`, `Proprietary`) is still judged by the lists (an
 * allow list without it refuses it) rather than making the whole expression unreadable.
 */
function normalize(expression: string): { text: string; names: Map<string, string> } {
  const names = new Map<string, string>()
  const text = expression.replace(/[^\s()]+/g, (token) => {
    if (/^(AND|OR|WITH)$/i.test(token)) return token.toUpperCase()
    if (/^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(token)) return token
    const plus = token.endsWith('+') ? '+' : ''
    const id = CANONICAL.get((plus ? token.slice(0, -1) : token).toLowerCase())
    if (id) return `${id}${plus}`
    if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(token)) return token
    names.set(`LicenseRef-${token}`, token)
    return `LicenseRef-${token}`
  })
  return { text, names }
}

function toAlternatives(node: ExpressionNode, names: Map<string, string>): Alternatives {
  if ('conjunction' in node) {
    const left = toAlternatives(node.left, names)
    const right = toAlternatives(node.right, names)
    return node.conjunction === 'or' ? [...left, ...right] : left.flatMap((a) => right.map((b) => [...a, ...b]))
  }
  const name = `${names.get(node.license) ?? node.license}${node.plus ? '+' : ''}`
  const exception = node.exception ? ` WITH ${node.exception}` : ''
  return expandLicense(name).map((license) => [`${license}${exception}`])
}

/**
 * Parses an expression into its alternatives, or undefined when it is not an SPDX expression. The
 * parsing is spdx-expression-parse's, the parser npm and license-checker use.
 */
export function alternatives(expression: string): Alternatives | undefined {
  const { text, names } = normalize(expression)
  try {
    const node: ExpressionNode = parseSpdx(text)
    return toAlternatives(node, names)
  } catch {
    return undefined
  }
}

/** A list entry matches a license by id, ignoring case and any WITH exception; -or-later entries cover later versions. */
function matcher(list: readonly string[]): (license: string) => boolean {
  const ids = new Set(list.flatMap((entry) => expandLicense(entry.trim())).map((id) => id.toLowerCase()))
  return (license) => ids.has(license.replace(/ WITH .*$/, '').toLowerCase())
}

export type LicenseVerdict = { ok: true } | { ok: false; unknown: boolean; reason: string }

/**
 * An expression's parts joined by AND outside parentheses. Several licence entries of one package
 * come joined so (each covers some of its files), and one that is not SPDX must not hide the rest.
 */
function conjuncts(expression: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (const match of expression.matchAll(/[()]|\sAND\s/gi)) {
    if (match[0] === '(') depth += 1
    else if (match[0] === ')') depth -= 1
    else if (depth === 0) {
      parts.push(expression.slice(start, match.index))
      start = match.index + match[0].length
    }
  }
  parts.push(expression.slice(start))
  return parts
    .map((part) =>
      part
        .trim()
        .replace(/^\((.*)\)$/, '$1')
        .trim(),
    )
    .filter(Boolean)
}

type Policy = { allow: readonly string[]; deny: readonly string[]; failOnUnknown: boolean }

function judgeParsed(license: string, parsed: Alternatives, policy: Policy): LicenseVerdict {
  if (policy.allow.length > 0) {
    const allowed = matcher(policy.allow)
    if (!parsed.some((set) => set.every(allowed))) {
      return { ok: false, unknown: false, reason: `${license}: no alternative is wholly within allow-licenses` }
    }
  }
  if (policy.deny.length > 0) {
    const denied = matcher(policy.deny)
    if (parsed.every((set) => set.some(denied))) {
      return { ok: false, unknown: false, reason: `${license}: every alternative includes a license in deny-licenses` }
    }
  }
  return { ok: true }
}

export function judgeLicense(license: string | undefined, policy: Policy): LicenseVerdict {
  if (license === undefined) {
    const reason = 'no license is declared'
    return policy.failOnUnknown ? { ok: false, unknown: true, reason } : { ok: true }
  }
  const parsed = alternatives(license)
  if (parsed) return judgeParsed(license, parsed, policy)
  // Not SPDX as a whole: every part that is still judges the package (all parts apply), and only
  // what cannot be read is unknown.
  const unreadable: string[] = []
  for (const part of conjuncts(license)) {
    const partParsed = alternatives(part)
    if (!partParsed) {
      unreadable.push(part)
      continue
    }
    const verdict = judgeParsed(part, partParsed, policy)
    if (!verdict.ok) return { ...verdict, reason: `${license}: ${verdict.reason}` }
  }
  const reason =
    unreadable.length === 1 && unreadable[0] === license
      ? `'${license}' is not an SPDX license expression`
      : `${unreadable.map((part) => `'${part}'`).join(', ')} in '${license}' ${unreadable.length === 1 ? 'is' : 'are'} not SPDX`
  return policy.failOnUnknown ? { ok: false, unknown: true, reason } : { ok: true }
}
