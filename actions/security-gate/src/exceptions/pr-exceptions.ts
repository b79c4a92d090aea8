// What a pull request changes about its own waivers: exceptions it adds to ignore-file (or
// lengthens, or widens) and findings it adds to a baseline kept in the repository. Compared with
// the files as they are at the base commit; a gate its subject can switch off is not a policy.
import type { Exception } from './ignore.js'

export type PrExceptionsMode = 'report' | 'deny'

/** What the pull request changed about its own waivers, compared with its base commit. */
export interface PrChanges {
  mode: PrExceptionsMode
  base: string
  /** Each exception the pull request added, lengthened or widened, with how. */
  exceptions: ReadonlyMap<Exception, string>
  /** Fingerprints the pull request added to a baseline kept in the repository. */
  baseline: ReadonlySet<string>
}

/** Why `head` is not simply an exception the base already had, or undefined when it is. */
export function exceptionChange(head: Exception, base: readonly Exception[]): string | undefined {
  const sameId = base.filter((entry) => entry.id.toLowerCase() === head.id.toLowerCase())
  if (sameId.length === 0) return 'added by this pull request'
  const noWider = sameId.filter(
    (entry) =>
      (entry.package === undefined || entry.package === head.package) &&
      (entry.path === undefined || entry.path === head.path) &&
      (entry.fingerprint === undefined || entry.fingerprint === head.fingerprint),
  )
  if (noWider.length === 0) {
    const was = sameId[0]
    const scope = (entry: Exception) =>
      [
        entry.package && `package ${entry.package}`,
        entry.path && `path ${entry.path}`,
        entry.fingerprint && 'one fingerprint',
      ]
        .filter(Boolean)
        .join(', ') || 'everything'
    return `widened by this pull request (from ${was ? scope(was) : '?'} to ${scope(head)})`
  }
  const latest =
    noWider
      .map((entry) => entry.expires)
      .sort()
      .at(-1) ?? ''
  if (head.expires > latest) return `lengthened by this pull request (expires ${latest} → ${head.expires})`
  return undefined
}

/** The exceptions at the head that the pull request added, lengthened or widened, with why. */
export function changedExceptions(head: readonly Exception[], base: readonly Exception[]): Map<Exception, string> {
  const changed = new Map<Exception, string>()
  for (const entry of head) {
    const change = exceptionChange(entry, base)
    if (change) changed.set(entry, change)
  }
  return changed
}
