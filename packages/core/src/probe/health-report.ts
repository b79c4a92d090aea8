import { FileError } from '../action/errors.js'
import { readShipgateReport } from '../action/json-file.js'
import type { HealthReport } from './check-health.js'

/** A health-check report-json, read back: rollback's evidence, health-check's baseline-report. */
export function readHealthReport(file: string): HealthReport {
  const report = readShipgateReport(file, 'shipgate/health-report', 'health-check') as Partial<HealthReport>
  if (typeof report.healthy !== 'boolean') {
    throw new FileError(file, 'has no "healthy": expected the report-json output of an earlier health-check step')
  }
  return report as HealthReport
}
