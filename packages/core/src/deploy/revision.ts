// The schema revision a migration prints as `BG_SCHEMA_VERSION=<revision>`, as blue-green-deploy reads it.
const REVISION_LINE = /^BG_SCHEMA_VERSION=(\S+)\s*$/

/** The last `BG_SCHEMA_VERSION=` of some output lines. */
export function revisionIn(lines: readonly string[]): string | undefined {
  let revision: string | undefined
  for (const line of lines) revision = REVISION_LINE.exec(line)?.[1] ?? revision
  return revision
}
