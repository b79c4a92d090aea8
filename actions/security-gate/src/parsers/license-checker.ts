import { dict, trimmed, type Dict } from '../json.js'
import { emptyReport, type ParsedSecurityReport } from '../model.js'

/** license-checker: `{"name@version": {"licenses": "MIT" | ["MIT", "ISC"]}}`; a trailing `*` means guessed. */
export function parseLicenseChecker(file: string, document: Dict): ParsedSecurityReport {
  const report = emptyReport(file, 'license-checker', 'license-checker', ['license'])
  for (const [key, value] of Object.entries(document)) {
    const at = key.lastIndexOf('@')
    const raw = dict(value).licenses
    const licenses = (Array.isArray(raw) ? raw.map(String) : trimmed(raw) ? [String(raw)] : []).map((l) =>
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
