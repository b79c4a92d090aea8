// What every part of `pnpm demo` shares: its work folder, the table of what happened, and how
// to stop what it started.
import type { StepResult } from '../../tests/harness/run-action.js'

export interface Demo {
  work: string
  /** Where the services' pid files go (SHIPGATE_RUN_DIR). */
  runDir: string
  /** The Node 24 the services and tools run under. */
  node: string
  rows: Array<[string, string, string]>
  /** Stops what a part started (nginx, Prometheus), run at the end and on Ctrl-C. */
  onCleanup: (stop: () => Promise<void>) => void
}

export function heading(text: string): void {
  console.log(`\n${'='.repeat(78)}\n${text}\n${'='.repeat(78)}`)
}

export function show(step: StepResult): void {
  console.log(step.summary.trim() || '(no summary)')
  for (const error of step.errors) console.log(`::error:: ${error.message}`)
}
