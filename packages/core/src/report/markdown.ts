import { escapeHtml, escapeMarkdown } from '../text/escape.js'

/** A cell is either untrusted text (escaped) or markdown this code built itself. */
export type Cell = string | number | { markdown: string }

function cell(value: Cell): string {
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return escapeMarkdown(value)
  return value.markdown.replace(/\r?\n/g, ' ').replaceAll('|', '\\|')
}

export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const head = `| ${headers.map((header) => escapeMarkdown(header)).join(' | ')} |`
  const rule = `| ${headers.map(() => '---').join(' | ')} |`
  return [head, rule, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n')
}

/** A collapsible block; the summary line is escaped, the body is markdown built by the caller. */
export function details(summaryText: string, bodyMarkdown: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${escapeHtml(summaryText)}</summary>\n\n${bodyMarkdown}\n\n</details>`
}

export function verdictIcon(passed: boolean | undefined): string {
  if (passed === undefined) return '⏭️'
  return passed ? '✅' : '❌'
}
