import { closeSync, openSync, writeSync } from 'node:fs'
import { relative } from 'node:path'
import type { GatedFinding } from './policy.js'

/** GitHub sorts code scanning alerts by this score; the midpoint of each band. */
const SCORE: Record<string, number> = { critical: 9.5, high: 8, medium: 5.5, low: 2 }
const LEVEL: Record<string, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' }

/**
 * One SARIF 2.1.0 run holding every finding, for github/codeql-action/upload-sarif. Dependency
 * findings have no source line: they point at the report that named them, line 1.
 */
export function writeMergedSarif(file: string, findings: readonly GatedFinding[], workspace: string): void {
  const rules = new Map<
    string,
    { id: string; shortDescription: { text: string }; properties: Record<string, unknown> }
  >()
  const results = findings.map((finding) => {
    const ruleId = `${finding.tool}/${finding.id}`
    if (!rules.has(ruleId)) {
      rules.set(ruleId, {
        id: ruleId,
        shortDescription: { text: finding.message.slice(0, 200) },
        properties: { 'security-severity': String(SCORE[finding.severity]), tags: ['security', finding.category] },
      })
    }
    const uri = (finding.location?.file ?? relative(workspace, finding.report)).replace(/\\/g, '/').replace(/^\/+/, '')
    return {
      ruleId,
      level: LEVEL[finding.severity],
      message: {
        text: `${finding.package ? `${finding.package.name}${finding.package.version ? `@${finding.package.version}` : ''}: ` : ''}${finding.message}`,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: Math.max(1, finding.location?.line ?? 1) },
          },
        },
      ],
      partialFingerprints: { 'shipgateFingerprint/v1': finding.fingerprint },
      ...(finding.waived ? { suppressions: [{ kind: 'external', justification: finding.waived }] } : {}),
    }
  })
  // Written piece by piece: one string of a 100,000-result log would cost its size again in memory.
  const fd = openSync(file, 'w')
  try {
    const tool = {
      driver: { name: 'shipgate security-gate', informationUri: 'https://github.com/', rules: [...rules.values()] },
    }
    writeSync(
      fd,
      `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":${JSON.stringify(tool)},"automationDetails":{"id":"shipgate-security-gate/"},"results":[`,
    )
    results.forEach((result, index) => writeSync(fd, `${index ? ',' : ''}${JSON.stringify(result)}`))
    writeSync(fd, ']}]}\n')
  } finally {
    closeSync(fd)
  }
}
