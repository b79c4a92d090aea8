import { findFiles } from '@shipgate/core/action'

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

/** Report files matching the globs (or the usual names), absolute, sorted, each once. */
export function findReports(globs: readonly string[] | undefined, cwd: string): string[] {
  return findFiles(globs ?? USUAL_NAMES, cwd)
}
