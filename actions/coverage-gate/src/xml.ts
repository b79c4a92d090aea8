import { FileError } from '@shipgate/core/action'
import { forEachChunk } from './read-stream.js'

export interface XmlHandler {
  /** `attributes` is the raw text after the name; read values with `attribute()`. */
  open(name: string, attributes: string, stack: readonly string[]): void
  close?(name: string, stack: readonly string[]): void
  /** Text inside elements `wantsText` names, whole. */
  text?(name: string, text: string): void
  wantsText?: ReadonlySet<string>
}

/** No real tag comes near this; a longer one is a broken or hostile file, not a report. */
const MAX_TAG_CHARS = 1024 * 1024

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Only the five predefined entities and character references are decoded; nothing is expanded. */
function decode(value: string): string {
  if (!value.includes('&')) return value
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16))
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)))
    return PREDEFINED[entity] ?? whole
  })
}

/** XML's whitespace: space, tab, carriage return, line feed. */
const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13

/** `name=` per attribute name, made once: parsers ask for the same few names millions of times. */
const keys = new Map<string, string>()

export function attribute(attributes: string, name: string): string | undefined {
  let key = keys.get(name)
  if (key === undefined) keys.set(name, (key = `${name}=`))
  let at = attributes.indexOf(key)
  while (at > 0 && !isSpace(attributes.charCodeAt(at - 1))) at = attributes.indexOf(key, at + 1)
  if (at < 0) return undefined
  const quote = attributes.charAt(at + name.length + 1)
  if (quote !== '"' && quote !== "'") return undefined
  const end = attributes.indexOf(quote, at + name.length + 2)
  return end < 0 ? undefined : decode(attributes.slice(at + name.length + 2, end))
}

/** Where a tag that starts at `from` ends: the `>` not inside a quoted attribute value. */
function tagEnd(data: string, from: number): number {
  let quote = 0
  for (let i = from; i < data.length; i++) {
    const code = data.charCodeAt(i)
    if (quote !== 0) {
      if (code === quote) quote = 0
    } else if (code === 34 || code === 39) quote = code
    else if (code === 62) return i
  }
  return -1
}

/**
 * A streaming XML reader for coverage reports: elements and their attributes in one pass over
 * the file, whatever its size. DOCTYPE is skipped, never fetched, and entities it declares are
 * never expanded, so external entities and entity bombs do nothing. Mismatched or unclosed
 * elements (a truncated file) are an error.
 */
export async function readXml(file: string, handler: XmlHandler): Promise<void> {
  const stack: string[] = []
  let carry = ''
  let capture: { name: string; text: string } | undefined
  let sawRoot = false
  const names = new Set<string>()
  const fail = (problem: string): never => {
    throw new FileError(file, problem)
  }
  await forEachChunk(file, (chunk) => {
    const data = carry + chunk
    let i = 0
    for (;;) {
      const lt = data.indexOf('<', i)
      if (capture) capture.text += data.slice(i, lt < 0 ? data.length : lt)
      if (lt < 0) {
        i = data.length
        break
      }
      let end: number
      const next = data.charCodeAt(lt + 1)
      if (next === 33 /* ! */) {
        if (data.startsWith('<!--', lt)) {
          end = data.indexOf('-->', lt + 4)
          if (end >= 0) end += 2
        } else if (data.startsWith('<![CDATA[', lt)) {
          end = data.indexOf(']]>', lt + 9)
          if (end >= 0 && capture) capture.text += data.slice(lt + 9, end)
          if (end >= 0) end += 2
        } else {
          // <!DOCTYPE …>, possibly with an internal subset in [ … ].
          const bracket = data.indexOf('[', lt)
          const close = data.indexOf('>', lt)
          end = bracket >= 0 && (close < 0 || bracket < close) ? data.indexOf(']>', bracket) : close
          if (end >= 0 && bracket >= 0 && bracket < close) end += 1
        }
      } else if (next === 63 /* ? */) {
        end = data.indexOf('?>', lt + 2)
        if (end >= 0) end += 1
      } else {
        end = tagEnd(data, lt + 1)
      }
      if (end < 0) {
        i = lt
        break
      }
      if (next === 47 /* / */) {
        const name = data.slice(lt + 2, end).trim()
        const open = stack.pop()
        if (open !== name) fail(`malformed XML: </${name}> closes <${open ?? 'nothing'}>`)
        if (capture && capture.name === name) {
          handler.text?.(name, decode(capture.text))
          capture = undefined
        }
        handler.close?.(name, stack)
      } else if (next !== 33 && next !== 63) {
        const selfClosing = data.charCodeAt(end - 1) === 47
        const bodyEnd = selfClosing ? end - 1 : end
        let nameEnd = lt + 1
        while (nameEnd < bodyEnd && !isSpace(data.charCodeAt(nameEnd))) nameEnd += 1
        const name = data.slice(lt + 1, nameEnd)
        // Reports repeat a handful of element names: each is checked once.
        if (!names.has(name)) {
          if (!/^[A-Za-z_][\w:.-]*$/.test(name)) fail(`malformed XML: '<${name.slice(0, 40)}' is not an element`)
          names.add(name)
        }
        if (stack.length === 0 && sawRoot) fail('malformed XML: more than one root element')
        sawRoot = true
        handler.open(name, nameEnd < bodyEnd ? data.slice(nameEnd, bodyEnd) : '', stack)
        if (selfClosing) {
          handler.close?.(name, stack)
        } else {
          stack.push(name)
          if (handler.wantsText?.has(name)) capture = { name, text: '' }
        }
      }
      i = end + 1
    }
    carry = data.slice(i)
    if (carry.length > MAX_TAG_CHARS) fail('malformed XML: a tag runs on for over 1 MiB')
  })
  if (!sawRoot) fail('has no XML element: expected a coverage report')
  if (stack.length > 0 || carry.trim() !== '') {
    fail(`is truncated: <${stack[stack.length - 1] ?? carry.trim().slice(0, 20)}> is not closed`)
  }
}
