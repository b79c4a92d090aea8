import * as core from '@actions/core'

export type OutputValue = string | number | boolean | undefined

/**
 * Sets every output of the contract at once. Numbers are written as plain decimals (at most two
 * places for fractions), booleans as true/false, and an output that does not apply as ''.
 */
export function setOutputs(outputs: Record<string, OutputValue>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, formatOutput(value))
}

export function formatOutput(value: OutputValue): string {
  if (value === undefined) return ''
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100)
  return String(value)
}
