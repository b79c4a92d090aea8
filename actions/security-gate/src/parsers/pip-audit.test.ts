import { describe, expect, it } from '@jest/globals'
import { corpusDocument } from './corpus.test-support.js'
import { parsePipAudit } from './pip-audit.js'

type Dependency = { name: string; vulns?: unknown[]; skip_reason?: string }

describe('parsePipAudit on real pip-audit reports', () => {
  it('the current format: one finding per vulnerability, with no severity; a skipped package is a problem', () => {
    const document = corpusDocument('curated/pip-audit/dd-many-vulns-new.json') as { dependencies: Dependency[] }
    const report = parsePipAudit('r.json', document)
    const vulns = document.dependencies.reduce((sum, dep) => sum + (dep.vulns?.length ?? 0), 0)
    expect(report.findings).toHaveLength(vulns)
    expect(new Set(report.findings.map((finding) => finding.severity))).toEqual(new Set(['unknown']))
    expect(report.problems).toEqual(
      document.dependencies
        .filter((dep) => dep.skip_reason)
        .map((dep) => `pip-audit skipped ${dep.name}: ${dep.skip_reason}`),
    )
  })
  it('the legacy list reads the same as the current format', () => {
    const legacy = parsePipAudit('r.json', corpusDocument('curated/pip-audit/dd-many-vulns-legacy.json') as unknown[])
    const current = parsePipAudit('r.json', corpusDocument('curated/pip-audit/dd-many-vulns-new.json') as Dependency[])
    expect(legacy.findings.map((finding) => finding.id)).toEqual(current.findings.map((finding) => finding.id))
  })
})
