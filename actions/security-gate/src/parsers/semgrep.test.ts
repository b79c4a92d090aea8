import { describe, expect, it } from '@jest/globals'
import { corpusObject } from './corpus.test-support.js'
import { parseSemgrep } from './semgrep.js'

type Result = { check_id: string; path: string; start: { line: number } }

describe('parseSemgrep on real Semgrep reports', () => {
  it.each(['real/security/semgrep-json-no-version/many_vulns.json', 'curated/semgrep/dd-repeated-findings.json'])(
    '%s: one finding per distinct match (rule, path, line)',
    (path) => {
      const document = corpusObject(path)
      const matches = new Set((document.results as Result[]).map((r) => `${r.check_id} ${r.path} ${r.start.line}`))
      expect(parseSemgrep('r.json', document).findings).toHaveLength(matches.size)
    },
  )
})
