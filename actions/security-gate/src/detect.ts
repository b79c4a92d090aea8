// Which tool wrote a report, from its content (first match wins), and the parser that reads it.
import { FileError, readJsonFile } from '@shipgate/core/action'
import { isDict as isObject, type Dict } from './json.js'
import type { ParsedSecurityReport } from './model.js'
import { parseBandit } from './parsers/bandit.js'
import { parseCycloneDx } from './parsers/cyclonedx.js'
import { parseGrype } from './parsers/grype.js'
import { parseLicenseChecker } from './parsers/license-checker.js'
import { parseNpmAudit } from './parsers/npm-audit.js'
import { parseOsvScanner } from './parsers/osv-scanner.js'
import { parsePipAudit } from './parsers/pip-audit.js'
import { parsePipLicenses } from './parsers/pip-licenses.js'
import { parseSafety } from './parsers/safety.js'
import { parseSarif } from './parsers/sarif.js'
import { parseSemgrep } from './parsers/semgrep.js'
import { parseSpdx } from './parsers/spdx-sbom.js'
import { parseTrivy } from './parsers/trivy.js'

const EXPECTED =
  'SARIF 2.1.0, or the JSON of Bandit, Semgrep, Safety, pip-audit, npm audit, OSV-Scanner, Trivy or Grype, or a CycloneDX/SPDX SBOM, license-checker or pip-licenses'

type Parsed = ParsedSecurityReport | ParsedSecurityReport[]
/** Reads the document when it is of its format, else undefined. */
type Reader = (file: string, document: unknown) => Parsed | undefined

const object =
  (test: (d: Dict) => boolean, parse: (file: string, d: Dict) => Parsed): Reader =>
  (file, d) =>
    isObject(d) && test(d) ? parse(file, d) : undefined
const array =
  (test: (d: unknown[]) => boolean, parse: (file: string, d: unknown[]) => Parsed): Reader =>
  (file, d) =>
    Array.isArray(d) && test(d) ? parse(file, d) : undefined
const firstIsObjectWith = (d: unknown[], key: string) => d.length > 0 && isObject(d[0]) && key in d[0]

/** Format detection from content, first match wins. */
const FORMATS: Array<[string, Reader]> = [
  [
    'SARIF',
    object(
      (d) =>
        Array.isArray(d.runs) &&
        (String(d.version).startsWith('2.') || (typeof d.$schema === 'string' && d.$schema.includes('sarif'))),
      parseSarif,
    ),
  ],
  ['CycloneDX', object((d) => d.bomFormat === 'CycloneDX', parseCycloneDx)],
  ['SPDX', object((d) => typeof d.spdxVersion === 'string', parseSpdx)],
  ['Trivy', object((d) => 'SchemaVersion' in d && ('Results' in d || 'ArtifactName' in d), parseTrivy)],
  // Trivy before 0.20 wrote the results alone: a top-level array of {Target, Vulnerabilities}.
  [
    'Trivy (legacy)',
    array(
      (d) => d.length > 0 && d.every((entry) => isObject(entry) && 'Target' in entry),
      (file, results) => parseTrivy(file, { Results: results }),
    ),
  ],
  ['Grype', object((d) => Array.isArray(d.matches) && isObject(d.descriptor), parseGrype)],
  [
    'npm audit',
    object(
      (d) => 'auditReportVersion' in d || 'advisories' in d || (isObject(d.error) && 'code' in d.error),
      parseNpmAudit,
    ),
  ],
  ['Bandit', object((d) => Array.isArray(d.results) && 'metrics' in d && 'generated_at' in d, parseBandit)],
  ['Semgrep', object((d) => Array.isArray(d.results) && Array.isArray(d.errors), parseSemgrep)],
  [
    'OSV-Scanner',
    object(
      (d) =>
        Array.isArray(d.results) &&
        (d.results.length === 0 ||
          (isObject(d.results[0]) && ('packages' in d.results[0] || 'source' in d.results[0]))),
      parseOsvScanner,
    ),
  ],
  ['Safety', object((d) => ('vulnerabilities' in d && 'report_meta' in d) || isObject(d.scan_results), parseSafety)],
  ['pip-audit', object((d) => Array.isArray(d.dependencies), parsePipAudit)],
  ['pip-audit (legacy)', array((d) => firstIsObjectWith(d, 'vulns'), parsePipAudit)],
  ['pip-licenses', array((d) => firstIsObjectWith(d, 'License') && firstIsObjectWith(d, 'Name'), parsePipLicenses)],
  [
    'license-checker',
    object(
      (d) => Object.keys(d).length > 0 && Object.values(d).every((v) => isObject(v) && 'licenses' in v),
      parseLicenseChecker,
    ),
  ],
]

export function detectAndParse(file: string): ParsedSecurityReport[] {
  const document = readJsonFile(file, EXPECTED, {
    empty: `a scan that wrote nothing proves nothing; expected ${EXPECTED}`,
  })
  for (const [, read] of FORMATS) {
    const parsed = read(file, document)
    if (parsed !== undefined) return Array.isArray(parsed) ? parsed : [parsed]
  }
  throw new FileError(file, `is JSON of no format this action reads: expected ${EXPECTED}`)
}
