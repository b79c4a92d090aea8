// The exceptions file: each entry names what it covers (id, optionally package, path or
// fingerprint), why, and until when. An expired entry fails the gate; a malformed one is an error
// with its line; an entry that matched nothing is worth a warning.
import { readFileSync } from 'node:fs'
import { matchesGlob } from 'node:path'
import { FileError } from '@shipgate/core/action'
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml'
import type { Finding } from '../model.js'

export interface Exception {
  id: string
  package?: string
  path?: string
  fingerprint?: string
  reason: string
  expires: string
  line: number
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

export function readExceptions(file: string): Exception[] {
  let source: string
  try {
    source = readFileSync(file, 'utf8')
  } catch {
    throw new FileError(file, 'cannot be read: expected a YAML file with an `exceptions:` list')
  }
  return parseExceptions(source, file)
}

/** The exceptions of an ignore file's text; `file` names it in errors (a path, or `path at <sha>`). */
export function parseExceptions(source: string, file: string): Exception[] {
  const lines = new LineCounter()
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false })
  const first = document.errors[0]
  if (first)
    throw new FileError(file, `is not valid YAML: ${first.message.split('\n')[0]}`, lines.linePos(first.pos[0]).line)
  const root = document.contents
  const list = isMap(root) ? root.get('exceptions', true) : undefined
  if (!isSeq(list))
    throw new FileError(
      file,
      'has no `exceptions:` list: expected `exceptions:` followed by entries with id, reason and expires',
    )
  return list.items.map((item) => {
    const range = isMap(item) ? item.range : undefined
    const line = range ? lines.linePos(range[0]).line : 0
    if (!isMap(item)) throw new FileError(file, 'each exception must be a mapping with id, reason and expires', line)
    const value = (key: string) => {
      const raw = item.get(key)
      if (raw === undefined || raw === null) return undefined
      return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? String(raw)
        : JSON.stringify(raw)
    }
    const entry = {
      id: value('id'),
      package: value('package'),
      path: value('path'),
      fingerprint: value('fingerprint'),
      reason: value('reason'),
      expires: value('expires'),
    }
    for (const key of ['id', 'reason', 'expires'] as const) {
      if (!entry[key])
        throw new FileError(
          file,
          `exception without \`${key}\`: every exception needs id, reason and expires (YYYY-MM-DD)`,
          line,
        )
    }
    if (!DATE.test(entry.expires ?? ''))
      throw new FileError(file, `expires '${entry.expires}' is not a date: expected YYYY-MM-DD`, line)
    return { ...entry, line } as Exception
  })
}

export function matches(exception: Exception, finding: Finding): boolean {
  const ids = [finding.id, ...finding.aliases].map((id) => id.toLowerCase())
  if (!ids.includes(exception.id.toLowerCase())) return false
  if (exception.package && finding.package?.name !== exception.package) return false
  if (exception.fingerprint && finding.fingerprint !== exception.fingerprint) return false
  if (exception.path && !(finding.location && matchesGlob(finding.location.file.replace(/^\/+/, ''), exception.path)))
    return false
  return true
}

export function isExpired(exception: Exception, today: string): boolean {
  return exception.expires < today
}
