import { describe, expect, it } from '@jest/globals'
import { corpusObject } from './corpus.test-support.js'
import { parseOsvScanner } from './osv-scanner.js'

type Results = { results: Array<{ packages: Array<{ groups?: unknown[]; vulnerabilities?: unknown[] }> }> }

describe('parseOsvScanner on real OSV-Scanner reports', () => {
  it.each([
    'curated/osv-scanner/dd-many-findings.json',
    'real/security/osv-scanner-go-mod-blank-max-severity/raw-results.json',
  ])("%s: one finding per advisory group, OSV-Scanner's own unit", (path) => {
    const document = corpusObject(path)
    const groups = (document as unknown as Results).results
      .flatMap((result) => result.packages)
      .reduce((sum, entry) => sum + (entry.groups?.length ?? entry.vulnerabilities?.length ?? 0), 0)
    expect(parseOsvScanner('r.json', document).findings).toHaveLength(groups)
  })
})
