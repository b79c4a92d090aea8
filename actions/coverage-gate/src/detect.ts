import { open } from 'node:fs/promises'
import { FileError } from '@shipgate/core/action'
import type { Format } from './inputs.js'

type Detected = Exclude<Format, 'auto'>

const SNIFF_BYTES = 16 * 1024

const RULES: Array<[Detected, (head: string) => boolean]> = [
  ['go', (head) => head.startsWith('mode:')],
  ['jacoco', (head) => head.startsWith('<') && rootOf(head) === 'report'],
  ['cobertura', (head) => head.startsWith('<') && rootOf(head) === 'coverage' && /\bline-rate=/.test(head)],
  ['clover', (head) => head.startsWith('<') && rootOf(head) === 'coverage' && /\bclover=|<project\b/.test(head)],
  ['cobertura', (head) => head.startsWith('<') && rootOf(head) === 'coverage'],
  ['istanbul', (head) => head.startsWith('{') && head.includes('"statementMap"')],
  ['istanbul-summary', (head) => head.startsWith('{') && /"total"\s*:\s*\{\s*"lines"/.test(head)],
  ['lcov', (head) => /^(TN|SF):/m.test(head.slice(0, 2048))],
]

/** The root element's name, past the XML declaration, comments and DOCTYPE. */
function rootOf(head: string): string | undefined {
  const doctype = /<!DOCTYPE\s+([\w:.-]+)/.exec(head)
  if (doctype) return doctype[1]
  const stripped = head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '')
  return /<([A-Za-z_][\w:.-]*)/.exec(stripped)?.[1]
}

/** The report's format, from its content: file names lie (coverage.xml is Cobertura or Clover). */
export async function detectFormat(file: string): Promise<Detected> {
  const handle = await open(file, 'r').catch(() => {
    throw new FileError(file, 'cannot be read: expected a coverage report file')
  })
  const buffer = Buffer.alloc(SNIFF_BYTES)
  let bytes: number
  try {
    ;({ bytesRead: bytes } = await handle.read(buffer, 0, SNIFF_BYTES, 0))
  } finally {
    await handle.close()
  }
  const raw = buffer.subarray(0, bytes)
  if (raw.includes(0))
    throw new FileError(
      file,
      'is a binary file: expected a text coverage report (XML, LCOV, JSON or a Go coverprofile)',
    )
  const head = raw
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
  if (head === '') throw new FileError(file, 'is empty: expected a coverage report')
  const match = RULES.find(([, test]) => test(head))
  if (!match) {
    throw new FileError(
      file,
      'is not a coverage report this action reads: expected Cobertura, JaCoCo or Clover XML, LCOV, istanbul coverage-final.json or coverage-summary.json, or a Go coverprofile',
    )
  }
  return match[0]
}
