import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setOutputs } from '../action/outputs.js'

/**
 * Writes everything an action decided, and why, to a JSON file under RUNNER_TEMP and sets the
 * `report-json` output to its path. The name carries the step and a timestamp so two steps of
 * the same action in one job never overwrite each other.
 */
export function writeReportJson(action: string, report: unknown): string {
  const dir = join(process.env.RUNNER_TEMP || tmpdir(), 'shipgate')
  mkdirSync(dir, { recursive: true })
  const step = (process.env.GITHUB_ACTION || 'step').replace(/[^\w.-]/g, '_')
  const file = join(dir, `${action}-${step}-${Date.now()}-${process.pid}.json`)
  // Compact: these files are read by programs, and a large report pretty-printed doubles in size.
  writeFileSync(file, `${JSON.stringify(report)}\n`)
  setOutputs({ 'report-json': file })
  return file
}
