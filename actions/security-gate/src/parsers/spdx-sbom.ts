// SPDX JSON: the concluded licence of each package, else the declared one, and the elements the
// document relates to but leaves to another document.
import { dicts, entries, trimmed, type Dict } from '../json.js'
import { emptyReport, type ParsedSecurityReport } from '../model.js'

const shortRef = (ref: string) => (ref.length > 100 ? `${ref.slice(0, 100)}…` : ref)

/**
 * The elements an SPDX document relates (relationships, documentDescribes) but does not hold. One
 * of its own ids that it lacks is a broken SBOM; `DocumentRef-X:SPDXRef-Y` is a package another
 * document describes, whose licence is judged only if that document is given too.
 */
function unheldElements(document: Dict, report: ParsedSecurityReport): void {
  const held = new Set(
    [document, ...dicts(document.packages), ...dicts(document.files), ...dicts(document.snippets)].map((element) =>
      trimmed(element.SPDXID),
    ),
  )
  const documents = new Map(
    dicts(document.externalDocumentRefs).map((ref) => [trimmed(ref.externalDocumentId), trimmed(ref.spdxDocument)]),
  )
  const related = [
    ...entries(document.documentDescribes),
    ...dicts(document.relationships).flatMap((relationship) => [
      relationship.spdxElementId,
      relationship.relatedSpdxElement,
    ]),
  ]
  const missing = new Set<string>()
  const elsewhere = new Map<string, string>()
  for (const ref of related.map(trimmed)) {
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
    namespace: trimmed(document.documentNamespace),
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
  for (const pkg of dicts(document.packages)) {
    const pick = (value: unknown) => {
      const license = trimmed(value)
      return license && !['NOASSERTION', 'NONE'].includes(license) ? license : undefined
    }
    report.licenses.push({
      tool: 'SPDX',
      package: String(pkg.name),
      version: trimmed(pkg.versionInfo),
      license: pick(pkg.licenseConcluded) ?? pick(pkg.licenseDeclared),
      report: file,
    })
  }
  return report
}
