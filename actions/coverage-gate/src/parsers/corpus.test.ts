// The curated corpus of real reports (tests/fixtures/corpus/curated, a copy of the team's shared
// fixtures with their SOURCES.md) parses, format detected from content. It is part of the
// repository, so a missing corpus is a failure, never a skip.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { detectFormat } from '../detect.js'
import { parseReport } from '../parse.js'

const corpus = resolve(fileURLToPath(import.meta.url), '../../../../../tests/fixtures/corpus/curated')
const FORMAT_OF_FOLDER: Record<string, string> = {
  cobertura: 'cobertura',
  lcov: 'lcov',
  jacoco: 'jacoco',
  clover: 'clover',
  istanbul: 'istanbul',
  'go-cover': 'go',
}
const files = Object.keys(FORMAT_OF_FOLDER).flatMap((folder) =>
  readdirSync(join(corpus, folder)).map((name) => [folder, name] as const),
)

describe('the curated coverage corpus', () => {
  it('is there, every format represented', () => {
    expect(existsSync(corpus)).toBe(true)
    expect(new Set(files.map(([folder]) => folder))).toEqual(new Set(Object.keys(FORMAT_OF_FOLDER)))
  })

  it.each(files)('%s/%s parses, its format detected from content', async (folder, name) => {
    const file = join(corpus, folder, name)
    const format = await detectFormat(file)
    const expected = FORMAT_OF_FOLDER[folder]
    // coverage-summary.json sits with the istanbul reports.
    expect(name.includes('summary') ? 'istanbul-summary' : expected).toBe(format)
    const report = await parseReport(file, 'auto')
    if (name !== 'empty-report.xml') expect(report.files.length).toBeGreaterThan(0)
  })
})
