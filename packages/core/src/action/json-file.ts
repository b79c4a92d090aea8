import { readFileSync, statSync } from 'node:fs'
import { FileError } from './errors.js'

/** JSON files are parsed whole; past this size they would not fit a runner's memory comfortably. */
export const MAX_JSON_BYTES = 512 * 1024 * 1024

/**
 * Reads a file the action was pointed at as JSON, with one set of messages for what goes wrong:
 * missing or unreadable, empty, too large, binary, not JSON. `expected` ends each message
 * ("expected the report-json output of an earlier coverage-gate run"); `empty` replaces the
 * message for an empty file where a word more helps.
 */
export function readJsonFile(file: string, expected: string, options: { empty?: string } = {}): unknown {
  return parseJsonText(file, readJsonText(file, expected, options), expected)
}

/** The text of a JSON file, decoded, after the checks every JSON file gets (readable, not empty, not binary). */
export function readJsonText(file: string, expected: string, options: { empty?: string } = {}): string {
  let size: number
  let buffer: Buffer
  try {
    size = statSync(file).size
    if (size > MAX_JSON_BYTES) {
      throw new FileError(file, `is ${Math.round(size / 2 ** 20)} MiB: expected ${expected}, under 512 MiB`)
    }
    buffer = readFileSync(file)
  } catch (error) {
    if (error instanceof FileError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new FileError(file, `cannot be read${code ? ` (${code})` : ''}: expected ${expected}`)
  }
  if (size === 0) throw new FileError(file, `is empty: ${options.empty ?? `expected ${expected}`}`)
  const encoding = encodingOf(buffer)
  if (!encoding) throw new FileError(file, `is a binary file: expected ${expected}`)
  return new TextDecoder(encoding).decode(buffer).replace(/^\uFEFF/, '')
}

function parseJsonText(file: string, text: string, expected: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw notJson(file, error, expected)
  }
}

/** The error for a file that JSON.parse refused, with the parser's reason. */
export function notJson(file: string, error: unknown, expected: string): FileError {
  const reason = error instanceof Error ? error.message.slice(0, 100) : 'parse error'
  return new FileError(file, `is not valid JSON (${reason}): expected ${expected}`)
}

/**
 * UTF-16 by its byte order mark (PowerShell's `>` writes UTF-16LE with one), else UTF-8; a file
 * with NUL bytes and no UTF-16 mark is binary (undefined).
 */
function encodingOf(buffer: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | undefined {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'utf-16le'
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return 'utf-16be'
  return buffer.subarray(0, 8192).includes(0) ? undefined : 'utf-8'
}

/** A JSON file holding an object (not an array or a scalar). */
export function readJsonObject(file: string, expected: string): Record<string, unknown> {
  const document = readJsonFile(file, expected)
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new FileError(file, `is not a JSON object: expected ${expected}`)
  }
  return document as Record<string, unknown>
}

/** A report-json an earlier shipgate step wrote: an object whose `kind` names the action. */
export function readShipgateReport(file: string, kind: string, action: string): Record<string, unknown> {
  const expected = `the report-json output of an earlier ${action} step`
  const document = readJsonObject(file, expected)
  if (document.kind !== kind)
    throw new FileError(file, `is not a ${action} report (no kind "${kind}"): expected ${expected}`)
  return document
}
