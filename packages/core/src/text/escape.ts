// The ground floor: escaping untrusted text for markdown, HTML and the runner's log. Imports nothing.
// Everything that came from outside (report content, HTTP bodies, file names found in reports)
// goes through one of these before it reaches markdown, HTML, annotations or the log.

// C0 controls except tab and newline, DEL, C1 controls and ANSI escapes: none belongs in output.
// eslint-disable-next-line no-control-regex
const CONTROL = /\u001b\[[0-?]*[ -/]*[@-~]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g
const ZERO_WIDTH_SPACE = '\u200b'

/**
 * Makes text safe to print to the log. The runner treats `::name::` at a line start as a workflow
 * command (and `##[name]` in its older form), so `::` and `##[` anywhere are broken with a
 * zero-width space: `::add-mask::`, `::stop-commands::` or `::set-output` in a report stay inert.
 */
export function escapeLog(text: string): string {
  return text.replace(CONTROL, '').replaceAll('::', `:${ZERO_WIDTH_SPACE}:`).replaceAll('##[', `#${ZERO_WIDTH_SPACE}#[`)
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return escapeLog(text).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char)
}

/**
 * Inline markdown (a table cell, a list item, a heading): HTML is turned into entities, markdown
 * syntax is backslash-escaped so links, images and emphasis cannot be formed, `@mentions` do not
 * notify anyone, and newlines fold to spaces so a table row stays one row.
 */
export function escapeMarkdown(text: string): string {
  return (
    escapeHtml(text)
      .replace(/[\\`*_{}[\]()|~]/g, (char) => `\\${char}`)
      // Headings, list items and block quotes only form at the start of a line; text is one line.
      .replace(/^(\s*)([#+\-!])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2')
      .replace(/@(?=\w)/g, `@${ZERO_WIDTH_SPACE}`)
      .replace(/\r?\n|\r/g, ' ')
  )
}

/**
 * Untrusted multi-line text (an HTTP body, a parser message) shown as is. A `<pre>` block is
 * CommonMark's HTML block type 1: it runs to `</pre>` across blank lines and its content is not
 * read as markdown, so with HTML escaped nothing inside can close it, render or link.
 */
export function preformatted(text: string): string {
  return `<pre>${escapeHtml(text).replace(/\r\n?/g, '\n')}</pre>`
}

/** Cuts to at most `max` characters (an ellipsis included), never inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  let end = Math.max(0, max - 1)
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end -= 1
  return `${text.slice(0, end)}…`
}
