// Which tool wrote a report, from its content (first match wins), and the parser that reads it.
import { FileError, notJson, readJsonText } from '@shipgate/core/action'
import { isDict as isObject, type Dict } from './json.js'
import { jsonSequence } from './json-sequence.js'
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
import { parseYarnBerry } from './parsers/yarn-berry.js'
import { parseYarnClassic } from './parsers/yarn-classic.js'

const EXPECTED =
  'SARIF 2.1.0, or the JSON of Bandit, Semgrep, Safety, pip-audit, npm audit, pnpm audit, yarn audit, yarn npm audit, OSV-Scanner, Trivy or Grype, or a CycloneDX/SPDX SBOM, license-checker or pip-licenses'

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

/** yarn 1's JSON lines, each `{ type, data }`; an audit is one with an advisory or a summary. */
const YARN_CLASSIC_AUDIT = new Set(['auditAdvisory', 'auditSummary'])
const isYarnClassicLine = (d: unknown) => isObject(d) && typeof d.type === 'string' && 'data' in d
const isYarnClassic = (documents: unknown[]) =>
  documents.every(isYarnClassicLine) &&
  documents.some((d) => isObject(d) && (YARN_CLASSIC_AUDIT.has(String(d.type)) || d.type === 'error'))
/** yarn 2+'s JSON lines, each `{ value: package, children: { ID, Severity, … } }`. */
const isYarnBerryLine = (d: unknown) =>
  isObject(d) && typeof d.value === 'string' && isObject(d.children) && 'Severity' in d.children

/** Readers of reports that are several JSON documents one after another. */
const SEQUENCE_FORMATS: Array<[string, (file: string, documents: unknown[]) => Parsed | undefined]> = [
  ['yarn audit', (file, documents) => (isYarnClassic(documents) ? parseYarnClassic(file, documents) : undefined)],
  [
    'yarn npm audit',
    (file, documents) => (documents.every(isYarnBerryLine) ? parseYarnBerry(file, documents) : undefined),
  ],
]

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
  // One line of yarn's JSON lines is a whole JSON document: a clean yarn 1 audit is its summary alone.
  [
    'yarn audit',
    object(
      (d) => YARN_CLASSIC_AUDIT.has(String(d.type)) && 'data' in d,
      (file, d) => parseYarnClassic(file, [d]),
    ),
  ],
  ['yarn npm audit', object(isYarnBerryLine, (file, d) => parseYarnBerry(file, [d]))],
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

const asList = (parsed: Parsed) => (Array.isArray(parsed) ? parsed : [parsed])

export function detectAndParse(file: string): ParsedSecurityReport[] {
  const text = readJsonText(file, EXPECTED, {
    empty: `a scan that wrote nothing proves nothing; expected ${EXPECTED}`,
  })
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    const documents = jsonSequence(file, text, EXPECTED)
    if (documents === undefined) throw notJson(file, error, EXPECTED)
    for (const [, read] of SEQUENCE_FORMATS) {
      const parsed = read(file, documents)
      if (parsed !== undefined) return asList(parsed)
    }
    throw new FileError(
      file,
      `holds ${documents.length} JSON documents one after another, of no format this action reads: expected ${EXPECTED}`,
    )
  }
  for (const [, read] of FORMATS) {
    const parsed = read(file, document)
    if (parsed !== undefined) return asList(parsed)
  }
  throw new FileError(file, `is JSON of no format this action reads: expected ${EXPECTED}`)
}
