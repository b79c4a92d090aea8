// CycloneDX JSON: each component's licenses (ids, names or one expression), and any
// vulnerabilities it lists.
import { dict, dicts, trimmed, type Dict } from '../json.js'
import { emptyReport, fingerprintOf, type ParsedSecurityReport } from '../model.js'
import { fromWord } from '../severity.js'

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
    pending.push(...dicts(component.components).reverse())
  }
  return all
}

/** CycloneDX JSON: each component's licenses (ids, names or one expression), and any vulnerabilities it lists. */
export function parseCycloneDx(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'CycloneDX', 'cyclonedx', ['license'])
  const byRef = new Map<string, Dict>()
  for (const component of allComponents(dicts(document.components))) {
    byRef.set(trimmed(component['bom-ref']) ?? '', component)
    const licenses = dicts(component.licenses)
    const expression = licenses.map((entry) => trimmed(entry.expression)).find(Boolean)
    const ids = licenses.map((entry) => {
      const license = dict(entry.license)
      return trimmed(license.id) ?? trimmed(license.name)
    })
    const known = ids.filter((id): id is string => id !== undefined)
    report.licenses.push({
      tool: 'CycloneDX',
      package: String(component.name),
      version: trimmed(component.version),
      // Several entries mean the component carries all of them.
      license:
        expression ??
        (known.length > 0
          ? known.map((id) => (known.length > 1 && /\s/.test(id) ? `(${id})` : id)).join(' AND ')
          : undefined),
      report: file,
    })
  }
  for (const vuln of dicts(document.vulnerabilities)) {
    if (!report.categories.includes('dependency')) report.categories.push('dependency')
    const rating = dicts(vuln.ratings)[0]
    for (const affected of dicts(vuln.affects).length > 0 ? dicts(vuln.affects) : [{}]) {
      const component = byRef.get(trimmed(affected.ref) ?? '')
      const id = String(vuln.id)
      report.findings.push({
        tool: 'CycloneDX',
        category: 'dependency',
        id,
        aliases: [],
        severity: fromWord(rating?.severity),
        package: component ? { name: String(component.name), version: trimmed(component.version) } : undefined,
        message: trimmed(vuln.description)?.slice(0, 300) ?? id,
        fingerprint: fingerprintOf('CycloneDX', id, trimmed(affected.ref) ?? ''),
        report: file,
      })
    }
  }
  return report
}
