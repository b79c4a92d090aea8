// Reports that are several JSON values one after another: `yarn audit --json` and `yarn npm audit
// --json` write one object per line, and projects commit them pretty-printed too (`jq .` of the
// same output), so a document boundary is where the braces balance, not a newline.
import { FileError } from '@shipgate/core/action'

const OPENERS = new Set(['{', '['])
const WHITESPACE = new Set([' ', '\t', '\n', '\r'])

/**
 * The documents of a text that failed to parse as one JSON value, when it is a sequence of them;
 * undefined when it is not one (it breaks before a second whole object or array), so the caller
 * reports the file as the invalid JSON it is. A broken document after those is an error naming its
 * line: a cut or edited audit must never read as a shorter, passing one.
 */
export function jsonSequence(file: string, text: string, expected: string): unknown[] | undefined {
  const documents: unknown[] = []
  let line = 1
  let i = 0
  while (i < text.length) {
    const char = text[i] ?? ''
    if (WHITESPACE.has(char)) {
      if (char === '\n') line++
      i++
      continue
    }
    const startLine = line
    const fail = (why: string): undefined => {
      if (documents.length < 2) return undefined
      throw new FileError(file, `line ${startLine} is not valid JSON (${why}): expected ${expected}`)
    }
    if (!OPENERS.has(char)) return fail(`${JSON.stringify(char)} where a JSON object should start`)
    const end = valueEnd(text, i)
    if (end === undefined) return fail('the value never closes: the file is cut short')
    const source = text.slice(i, end)
    try {
      documents.push(JSON.parse(source) as unknown)
    } catch (error) {
      return fail(error instanceof Error ? error.message.slice(0, 100) : 'parse error')
    }
    for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) line++
    i = end
  }
  return documents.length > 1 ? documents : undefined
}

/** Where the object or array opening at `start` closes (one past it), by brackets outside strings. */
function valueEnd(text: string, start: number): number | undefined {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '{' || char === '[') depth++
    else if (char === '}' || char === ']') {
      depth--
      if (depth === 0) return i + 1
    }
  }
  return undefined
}
