import type { Answer } from '../live.js'

export const healthy = (version?: string): Answer => ({ up: true, healthy: true, version, why: 'ok' })
export const sick: Answer = { up: true, healthy: false, version: 'v1', why: 'HTTP 500, expected 200-299' }
export const down: Answer = { up: false, why: 'ECONNREFUSED' }
