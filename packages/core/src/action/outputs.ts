import * as core from '@actions/core'

export type OutputValue = string | number | boolean | undefined

/**
 * Sets every output of the contract at once. Numbers are written as plain decimals (at most two
 * places for fractions), booleans as true/false, and an output that does not apply as ''.
 */
export function setOutputs(outputs: Record<string, OutputValue>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, formatOutput(value))
}

const DECIMAL = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 2 })

export function formatOutput(value: OutputValue): string {
  if (value === undefined) return ''
  // Never exponent notation (String(1e21) is '1e+21'): a workflow compares outputs as decimals.
  if (typeof value === 'number') return DECIMAL.format(value).replace(/^-0$/, '0')
  return String(value)
}
