import { globSync } from 'node:fs'
import { resolve } from 'node:path'

/** The names tools write by default, searched when `reports` is empty. */
const USUAL_NAMES = [
  '**/coverage.xml',
  '**/cobertura.xml',
  '**/cobertura-coverage.xml',
  '**/coverage.cobertura.xml',
  '**/lcov.info',
  '**/*.lcov',
  '**/jacoco.xml',
  '**/jacocoTestReport.xml',
  '**/clover.xml',
  '**/coverage-final.json',
  '**/coverage.out',
  '**/*.coverprofile',
]

/** Dependencies ship coverage files of their own. */
const IGNORED = /(^|\/)(node_modules|\.git)\//

/** Report files matching the globs (or the usual names), absolute, sorted, each once. */
export function findReports(globs: readonly string[] | undefined, cwd: string): string[] {
  const found = new Set<string>()
  for (const pattern of globs ?? USUAL_NAMES) {
    for (const file of globSync(pattern, { cwd })) {
      if (!IGNORED.test(file.replace(/\\/g, '/'))) found.add(resolve(cwd, file))
    }
  }
  return [...found].sort()
}
