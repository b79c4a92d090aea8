import type { Format } from './inputs.js'
import type { ParsedReport } from './model.js'
import { detectFormat } from './detect.js'
import { parseClover } from './parsers/clover.js'
import { parseCobertura } from './parsers/cobertura.js'
import { parseGo } from './parsers/go.js'
import { parseIstanbul } from './parsers/istanbul.js'
import { parseIstanbulSummary } from './parsers/istanbul-summary.js'
import { parseJacoco } from './parsers/jacoco.js'
import { parseLcov } from './parsers/lcov.js'

// The streaming parsers are async; the JSON ones read the file whole and answer at once.
const PARSERS: Record<Exclude<Format, 'auto'>, (file: string) => Promise<ParsedReport> | ParsedReport> = {
  cobertura: parseCobertura,
  lcov: parseLcov,
  jacoco: parseJacoco,
  clover: parseClover,
  istanbul: parseIstanbul,
  'istanbul-summary': parseIstanbulSummary,
  go: parseGo,
}

export async function parseReport(file: string, format: Format): Promise<ParsedReport> {
  return PARSERS[format === 'auto' ? await detectFormat(file) : format](file)
}
