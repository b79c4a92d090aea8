import { FileError, readJsonFile } from '@shipgate/core/action'
import { parseBandit, parseSemgrep } from './adapters/code-scanners.js'
import {
  parseGrype,
  parseNpmAudit,
  parseOsvScanner,
  parsePipAudit,
  parseSafety,
  parseTrivy,
} from './adapters/dependency-scanners.js'
import { parseCycloneDx, parseLicenseChecker, parsePipLicenses, parseSpdx } from './adapters/licenses.js'
import { parseSarif } from './adapters/sarif.js'
import type { ParsedSecurityReport } from './model.js'

type Dict = Record<string, unknown>

const EXPECTED =
  'SARIF 2.1.0, or the JSON of Bandit, Semgrep, Safety, pip-audit, npm audit, OSV-Scanner, Trivy or Grype, or a CycloneDX/SPDX SBOM, license-checker or pip-licenses'

const isObject = (value: unknown): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Format detection from content, first match wins: [name, test, parse]. */
const FORMATS: Array<
  [string, (doc: unknown) => boolean, (file: string, doc: never) => ParsedSecurityReport | ParsedSecurityReport[]]
> = [
  [
    'SARIF',
    (d) =>
      isObject(d) &&
      Array.isArray(d.runs) &&
      (String(d.version).startsWith('2.') || (typeof d.$schema === 'string' && d.$schema.includes('sarif'))),
    parseSarif,
  ],
  ['CycloneDX', (d) => isObject(d) && d.bomFormat === 'CycloneDX', parseCycloneDx],
  ['SPDX', (d) => isObject(d) && typeof d.spdxVersion === 'string', parseSpdx],
  ['Trivy', (d) => isObject(d) && 'SchemaVersion' in d && ('Results' in d || 'ArtifactName' in d), parseTrivy],
  // Trivy before 0.20 wrote the results alone: a top-level array of {Target, Vulnerabilities}.
  [
    'Trivy (legacy)',
    (d) => Array.isArray(d) && d.length > 0 && d.every((entry) => isObject(entry) && 'Target' in entry),
    (file, results: unknown[]) => parseTrivy(file, { Results: results }),
  ],
  ['Grype', (d) => isObject(d) && Array.isArray(d.matches) && isObject(d.descriptor), parseGrype],
  [
    'npm audit',
    (d) => isObject(d) && ('auditReportVersion' in d || 'advisories' in d || (isObject(d.error) && 'code' in d.error)),
    parseNpmAudit,
  ],
  ['Bandit', (d) => isObject(d) && Array.isArray(d.results) && 'metrics' in d && 'generated_at' in d, parseBandit],
  ['Semgrep', (d) => isObject(d) && Array.isArray(d.results) && Array.isArray(d.errors), parseSemgrep],
  [
    'OSV-Scanner',
    (d) =>
      isObject(d) &&
      Array.isArray(d.results) &&
      (d.results.length === 0 || 'packages' in (d.results[0] as Dict) || 'source' in (d.results[0] as Dict)),
    parseOsvScanner,
  ],
  [
    'Safety',
    (d) => isObject(d) && (('vulnerabilities' in d && 'report_meta' in d) || isObject(d.scan_results)),
    parseSafety,
  ],
  [
    'pip-audit',
    (d) =>
      (isObject(d) && Array.isArray(d.dependencies)) ||
      (Array.isArray(d) && d.length > 0 && isObject(d[0]) && 'vulns' in d[0]),
    parsePipAudit,
  ],
  [
    'pip-licenses',
    (d) => Array.isArray(d) && d.length > 0 && isObject(d[0]) && 'License' in d[0] && 'Name' in d[0],
    parsePipLicenses,
  ],
  [
    'license-checker',
    (d) => isObject(d) && Object.keys(d).length > 0 && Object.values(d).every((v) => isObject(v) && 'licenses' in v),
    parseLicenseChecker,
  ],
]

export function readSecurityReport(file: string): ParsedSecurityReport[] {
  const document = readJsonFile(file, EXPECTED, {
    empty: `a scan that wrote nothing proves nothing; expected ${EXPECTED}`,
  })
  const format = FORMATS.find(([, test]) => test(document))
  if (!format) throw new FileError(file, `is JSON of no format this action reads: expected ${EXPECTED}`)
  const parsed = format[2](file, document as never)
  return Array.isArray(parsed) ? parsed : [parsed]
}
