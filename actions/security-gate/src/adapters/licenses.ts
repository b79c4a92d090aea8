// License inventories: CycloneDX and SPDX SBOMs, license-checker and pip-licenses JSON.
import { emptyReport, fingerprintOf, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'

type Dict = Record<string, unknown>
const list = (value: unknown): Dict[] => (Array.isArray(value) ? (value as Dict[]) : [])
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

/**
 * Every component of a CycloneDX tree: components nest (`components[].components[]`, e.g. npm's
 * bundled dependencies), and a licence or vulnerability in a nested one must not vanish.
 * Iterative, so a deep tree cannot exhaust the stack.
 */
function allComponents(top: Dict[]): Dict[] {
  const all: Dict[] = []
  const pending = [...top].reverse()
  for (let component = pending.pop(); component; component = pending.pop()) {
    all.push(component)
    pending.push(...list(component.components).reverse())
  }
  return all
}

/** CycloneDX JSON: each component's licenses (ids, names or one expression), and any vulnerabilities it lists. */
export function parseCycloneDx(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'CycloneDX', 'cyclonedx', ['license'])
  const byRef = new Map<string, Dict>()
  for (const component of allComponents(list(document.components))) {
    byRef.set(text(component['bom-ref']) ?? '', component)
    const licenses = list(component.licenses)
    const expression = licenses.map((entry) => text(entry.expression)).find(Boolean)
    const ids = licenses.map((entry) => {
      const license = entry.license as Dict | undefined
      return text(license?.id) ?? text(license?.name)
    })
    const known = ids.filter((id): id is string => id !== undefined)
    report.licenses.push({
      tool: 'CycloneDX',
      package: String(component.name),
      version: text(component.version),
      // Several entries mean the component carries all of them.
      license:
        expression ??
        (known.length > 0
          ? known.map((id) => (known.length > 1 && /\s/.test(id) ? `(${id})` : id)).join(' AND ')
          : undefined),
      report: file,
    })
  }
  for (const vuln of list(document.vulnerabilities)) {
    if (!report.categories.includes('dependency')) report.categories.push('dependency')
    const rating = list(vuln.ratings)[0]
    for (const affected of list(vuln.affects).length > 0 ? list(vuln.affects) : [{}]) {
      const component = byRef.get(text(affected.ref) ?? '')
      const id = String(vuln.id)
      report.findings.push({
        tool: 'CycloneDX',
        category: 'dependency',
        id,
        aliases: [],
        severity: fromWord(rating?.severity),
        package: component ? { name: String(component.name), version: text(component.version) } : undefined,
        message: text(vuln.description)?.slice(0, 300) ?? id,
        fingerprint: fingerprintOf('CycloneDX', id, text(affected.ref) ?? ''),
        report: file,
      })
    }
  }
  return report
}

const shortRef = (ref: string) => (ref.length > 100 ? `${ref.slice(0, 100)}…` : ref)

/**
 * The elements an SPDX document relates (relationships, documentDescribes) but does not hold. One
 * of its own ids that it lacks is a broken SBOM; `DocumentRef-X:SPDXRef-Y` is a package another
 * document describes, whose licence is judged only if that document is given too.
 */
function unheldElements(document: Dict, report: ParsedSecurityReport): void {
  const held = new Set(
    [document, ...list(document.packages), ...list(document.files), ...list(document.snippets)].map((element) =>
      text(element.SPDXID),
    ),
  )
  const documents = new Map(
    list(document.externalDocumentRefs).map((ref) => [text(ref.externalDocumentId), text(ref.spdxDocument)]),
  )
  const related = [
    ...(Array.isArray(document.documentDescribes) ? (document.documentDescribes as unknown[]) : []),
    ...list(document.relationships).flatMap((relationship) => [
      relationship.spdxElementId,
      relationship.relatedSpdxElement,
    ]),
  ]
  const missing = new Set<string>()
  const elsewhere = new Map<string, string>()
  for (const ref of related.map(text)) {
    if (ref === undefined || ref === 'NOASSERTION' || ref === 'NONE' || held.has(ref)) continue
    const colon = ref.indexOf(':')
    const namespace = ref.startsWith('DocumentRef-') && colon > 0 ? documents.get(ref.slice(0, colon)) : undefined
    if (namespace) elsewhere.set(ref, namespace)
    else missing.add(ref)
  }
  if (missing.size > 0)
    report.problems.push(
      `relationships name ${missing.size} element${missing.size === 1 ? '' : 's'} the document does not hold (e.g. ${shortRef([...missing][0] ?? '')}): their licences cannot be judged`,
    )
  report.spdx = {
    namespace: text(document.documentNamespace),
    elsewhere: [...elsewhere].map(([ref, namespace]) => ({ ref, namespace })),
  }
}

/**
 * Packages an SPDX document relates to but leaves to another document: judged when that document
 * is among the reports; otherwise a problem of the document's licence gate, never a silent pass.
 */
export function checkSpdxReferences(reports: readonly ParsedSecurityReport[]): void {
  const given = new Set(reports.map((report) => report.spdx?.namespace).filter(Boolean))
  for (const report of reports) {
    const absent = (report.spdx?.elsewhere ?? []).filter((entry) => !given.has(entry.namespace))
    const [first] = absent
    if (first)
      report.problems.push(
        `relates to ${absent.length} package${absent.length === 1 ? '' : 's'} that other SPDX documents describe (e.g. ${shortRef(first.ref)} in ${shortRef(first.namespace)}), not among the reports: add those documents to reports`,
      )
  }
}

/** SPDX JSON: the concluded license, else the declared one; NOASSERTION and NONE say nothing. */
export function parseSpdx(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'SPDX', 'spdx', ['license'])
  unheldElements(document, report)
  for (const pkg of list(document.packages)) {
    const pick = (value: unknown) => {
      const license = text(value)
      return license && !['NOASSERTION', 'NONE'].includes(license) ? license : undefined
    }
    report.licenses.push({
      tool: 'SPDX',
      package: String(pkg.name),
      version: text(pkg.versionInfo),
      license: pick(pkg.licenseConcluded) ?? pick(pkg.licenseDeclared),
      report: file,
    })
  }
  return report
}

/** license-checker: `{"name@version": {"licenses": "MIT" | ["MIT", "ISC"]}}`; a trailing `*` means guessed. */
export function parseLicenseChecker(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'license-checker', 'license-checker', ['license'])
  for (const [key, value] of Object.entries(document)) {
    const at = key.lastIndexOf('@')
    const raw = (value as Dict).licenses
    const licenses = (Array.isArray(raw) ? raw.map(String) : text(raw) ? [String(raw)] : []).map((l) =>
      l.replace(/\*$/, ''),
    )
    report.licenses.push({
      tool: 'license-checker',
      package: at > 0 ? key.slice(0, at) : key,
      version: at > 0 ? key.slice(at + 1) : undefined,
      license: licenses.length === 0 ? undefined : licenses.length === 1 ? licenses[0] : `(${licenses.join(' AND ')})`,
      report: file,
    })
  }
  return report
}

/** Trove classifier names pip-licenses prints, as SPDX ids; anything else stays as given (and is likely unknown). */
const CLASSIFIER_NAMES: Record<string, string> = {
  'MIT License': 'MIT',
  'BSD License': 'BSD-3-Clause',
  'Apache Software License': 'Apache-2.0',
  'Mozilla Public License 2.0 (MPL 2.0)': 'MPL-2.0',
  'Python Software Foundation License': 'PSF-2.0',
  'ISC License (ISCL)': 'ISC',
  'GNU General Public License v3 (GPLv3)': 'GPL-3.0-only',
  'GNU General Public License v2 (GPLv2)': 'GPL-2.0-only',
  'GNU Lesser General Public License v3 (LGPLv3)': 'LGPL-3.0-only',
  'GNU Library or Lesser General Public License (LGPL)': 'LGPL-2.0-or-later',
  'The Unlicense (Unlicense)': 'Unlicense',
}

/** pip-licenses JSON: `[{"Name", "Version", "License"}]`, several classifiers joined by `; `. */
export function parsePipLicenses(file: string, document: Dict[]): ParsedSecurityReport {
  const report = emptyReport(file, 'pip-licenses', 'pip-licenses', ['license'])
  for (const entry of document) {
    const raw = text(entry.License)
    const parts = raw && raw !== 'UNKNOWN' ? raw.split(/;\s*/).map((name) => CLASSIFIER_NAMES[name] ?? name) : []
    report.licenses.push({
      tool: 'pip-licenses',
      package: String(entry.Name),
      version: text(entry.Version),
      license:
        parts.length === 0
          ? undefined
          : parts.length === 1
            ? parts[0]
            : parts.map((p) => (/\s/.test(p) ? `(${p})` : p)).join(' OR '),
      report: file,
    })
  }
  return report
}
