// SPDX license expressions, evaluated properly: an expression becomes its alternative sets (the
// sets of licenses one may comply with), so `MIT OR GPL-3.0-only` passes an allow list of MIT and
// `MIT AND GPL-2.0-only` fails a deny list of GPL-2.0-only.

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

/** Parses an expression into its alternatives, or undefined when it is not an SPDX expression. */
export function alternatives(expression: string): Alternatives | undefined {
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? []
  let at = 0
  const peek = () => tokens[at]
  const parseAtom = (): Alternatives | undefined => {
    const token = tokens[at++]
    if (token === '(') {
      const inner = parseOr()
      if (tokens[at++] !== ')') return undefined
      return inner
    }
    if (!token || /^(AND|OR|WITH|\))$/i.test(token) || !/^[A-Za-z0-9][A-Za-z0-9.+-]*(:[A-Za-z0-9.+-]+)?$/.test(token))
      return undefined
    let exception = ''
    if (/^WITH$/i.test(peek() ?? '')) {
      at += 1
      const name = tokens[at++]
      if (!name || !/^[A-Za-z0-9.+-]+$/.test(name)) return undefined
      exception = ` WITH ${name}`
    }
    return expandLicense(token).map((license) => [`${license}${exception}`])
  }
  const parseAnd = (): Alternatives | undefined => {
    let result = parseAtom()
    while (result && /^AND$/i.test(peek() ?? '')) {
      at += 1
      const right = parseAtom()
      if (!right) return undefined
      const left = result
      result = left.flatMap((a) => right.map((b) => [...a, ...b]))
    }
    return result
  }
  const parseOr = (): Alternatives | undefined => {
    let result = parseAnd()
    while (result && /^OR$/i.test(peek() ?? '')) {
      at += 1
      const right = parseAnd()
      if (!right) return undefined
      result = [...result, ...right]
    }
    return result
  }
  const result = parseOr()
  return result && at === tokens.length ? result : undefined
}

/** A list entry matches a license by id, ignoring case and any WITH exception; -or-later entries cover later versions. */
function matcher(list: readonly string[]): (license: string) => boolean {
  const ids = new Set(list.flatMap((entry) => expandLicense(entry.trim())).map((id) => id.toLowerCase()))
  return (license) => ids.has(license.replace(/ WITH .*$/, '').toLowerCase())
}

export type LicenseVerdict = { ok: true } | { ok: false; unknown: boolean; reason: string }

export function judgeLicense(
  license: string | undefined,
  policy: { allow: readonly string[]; deny: readonly string[]; failOnUnknown: boolean },
): LicenseVerdict {
  const parsed = license === undefined ? undefined : alternatives(license)
  if (!parsed) {
    const reason = license === undefined ? 'no license is declared' : `'${license}' is not an SPDX license expression`
    return policy.failOnUnknown ? { ok: false, unknown: true, reason } : { ok: true }
  }
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
