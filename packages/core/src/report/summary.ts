import { appendFileSync } from 'node:fs'

/** GitHub refuses a step summary over 1 MiB; it is shown for no part of the step then. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024

const CUT_NOTE = (omittedBytes: number): string =>
  `\n\n> [!NOTE]\n> The summary was cut at GitHub's 1 MiB limit (${omittedBytes} bytes left out). Everything is in the \`report-json\` output.\n`

/**
 * Fits markdown into the job summary's cap: whole lines are kept up to the limit, `<details>`
 * blocks the cut left open are closed, and a note says what was left out.
 */
export function fitSummary(markdown: string, limitBytes = SUMMARY_LIMIT_BYTES): string {
  const totalBytes = Buffer.byteLength(markdown)
  if (totalBytes <= limitBytes) return markdown
  const budget = limitBytes - Buffer.byteLength(CUT_NOTE(totalBytes)) - 1024
  const kept: string[] = []
  let usedBytes = 0
  for (const line of markdown.split('\n')) {
    const lineBytes = Buffer.byteLength(line) + 1
    if (usedBytes + lineBytes > budget) break
    kept.push(line)
    usedBytes += lineBytes
  }
  const body = kept.join('\n')
  const open = (body.match(/<details\b/g) ?? []).length - (body.match(/<\/details>/g) ?? []).length
  const closing = '\n</details>'.repeat(Math.max(0, open))
  return `${body}${closing}${CUT_NOTE(totalBytes - usedBytes)}`
}

/**
 * Appends to this step's summary file. Outside a runner (no GITHUB_STEP_SUMMARY) there is
 * nowhere to write, which is not an error.
 */
export function writeSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return
  appendFileSync(file, `${fitSummary(markdown)}\n`)
}
