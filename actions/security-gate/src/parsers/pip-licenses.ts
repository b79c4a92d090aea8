import { dicts, trimmed } from '../json.js'
import { emptyReport, type ParsedSecurityReport } from '../model.js'

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
export function parsePipLicenses(file: string, document: unknown[]): ParsedSecurityReport {
  const report = emptyReport(file, 'pip-licenses', 'pip-licenses', ['license'])
  for (const entry of dicts(document)) {
    const raw = trimmed(entry.License)
    const parts = raw && raw !== 'UNKNOWN' ? raw.split(/;\s*/).map((name) => CLASSIFIER_NAMES[name] ?? name) : []
    report.licenses.push({
      tool: 'pip-licenses',
      package: String(entry.Name),
      version: trimmed(entry.Version),
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
