// The shared corpus of real reports (../shared/fixtures, see its SOURCES.md) parses, format
// detected from content. A clone without ../shared skips this corpus and says so.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { detectFormat } from '../detect.js'
import { parseReport } from '../parse.js'

const corpus = resolve(fileURLToPath(import.meta.url), '../../../../../../shared/fixtures')
const FORMAT_OF_FOLDER: Record<string, string> = {
  cobertura: 'cobertura',
  lcov: 'lcov',
  jacoco: 'jacoco',
  clover: 'clover',
  istanbul: 'istanbul',
  'go-cover': 'go',
}
const files = existsSync(corpus)
  ? Object.keys(FORMAT_OF_FOLDER).flatMap((folder) =>
      readdirSync(join(corpus, folder)).map((name) => [folder, name] as const),
    )
  : []

if (files.length === 0) {
  console.warn(`Skipping the shared coverage corpus: ${corpus} does not exist (a clone without ../shared)`)
}

const withCorpus = files.length > 0 ? describe : describe.skip

withCorpus('the shared coverage corpus', () => {
  // it.each refuses an empty table: without the corpus this block is skipped, a placeholder row keeps it valid.
  const entries = files.length > 0 ? files : [['none', 'none'] as const]
  it.each(entries)('%s/%s parses, its format detected from content', async (folder, name) => {
    const file = join(corpus, folder, name)
    const format = await detectFormat(file)
    const expected = FORMAT_OF_FOLDER[folder]
    // coverage-summary.json sits with the istanbul reports.
    expect(name.includes('summary') ? 'istanbul-summary' : expected).toBe(format)
    const report = await parseReport(file, 'auto')
    if (name !== 'empty-report.xml') expect(report.files.length).toBeGreaterThan(0)
  })
})
