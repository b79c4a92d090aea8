import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { FileError } from '../action/errors.js'
import { readJsonObject } from '../action/json-file.js'
import type { Color } from './model.js'

export const PHASES = [
  'migrating',
  'deploying',
  'verifying',
  'staged',
  'switching',
  'post-verify',
  'draining',
  'complete',
  'rolled-back',
  'rejected',
  'failed',
] as const
export type Phase = (typeof PHASES)[number]
/** A deploy in one of these phases has finished; any other phase means it was interrupted. */
export const FINAL_PHASES: readonly Phase[] = ['staged', 'complete', 'rolled-back', 'rejected', 'failed']

export interface ColorState {
  version: string
  running: boolean
  /** When this color last passed verification; an unverified color never keeps traffic. */
  verifiedAt?: string
  /** When traffic was rolled back away from this version: it is never a rollback target again. */
  rolledBackAt?: string
  /** Serving before shipgate's first run, and adopted from this source (the Service, the include…). */
  adoptedFrom?: string
  /** The database revision this version was deployed and verified on, when migrations are recorded. */
  schemaRevision?: string
}

/** The version of an adopted color that names none: it can be switched back to, never redeployed. */
export const UNKNOWN_VERSION = '(unknown)'

export interface PhaseEntry {
  phase: Phase
  at: string
}

export interface DeployRecord {
  runId: string
  action: string
  version: string
  color: Color
  phase: Phase
  startedAt: string
  finishedAt?: string
  timeline: PhaseEntry[]
  reason?: string
  /** The database migration this deploy ran: the revision before and after, and whether it ran again after a crash. */
  migration?: { before?: string; after?: string; again?: boolean }
}

export interface DeployState {
  schema: 1
  /** The color serving traffic, always one that passed verification. */
  active?: Color
  colors: Partial<Record<Color, ColorState>>
  /** A color deployed and verified by `stage`, waiting for `promote` or `reject`. */
  staged?: Color
  /** The latest deploy, finished or not. */
  current?: DeployRecord
  /** The database revision last recorded: by a migration, or read with schema-version-command. */
  database?: { revision: string; at: string; by: string }
  history: DeployRecord[]
}

const STATE_FILE = 'state.json'
const HISTORY_KEPT = 50

export function emptyState(): DeployState {
  return { schema: 1, colors: {}, history: [] }
}

/** Whether a parsed value is a deploy state this version reads. */
export function isDeployState(value: unknown): value is DeployState {
  const state = value as Partial<DeployState> | null
  return (
    typeof state === 'object' &&
    state !== null &&
    state.schema === 1 &&
    typeof state.colors === 'object' &&
    Array.isArray(state.history)
  )
}

export function readState(dir: string): DeployState {
  const file = join(dir, STATE_FILE)
  if (!existsSync(file)) return emptyState()
  const expected =
    'the state file blue-green-deploy writes (restore it from state.json.prev, or remove it to start over)'
  const state = readJsonObject(file, expected)
  if (!isDeployState(state)) {
    throw new FileError(file, `is not a shipgate deploy state (schema 1): expected ${expected}`)
  }
  return state
}

/** Atomic: a crash leaves either the old file or the new one, never half of one. */
export function writeState(dir: string, state: DeployState): void {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, STATE_FILE)
  const temp = join(dir, `.${STATE_FILE}.${process.pid}.tmp`)
  const fd = openSync(temp, 'w')
  try {
    writeSync(fd, `${JSON.stringify(state, null, 2)}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  // The old state stays readable as .prev; the rename replaces state.json in one step.
  if (existsSync(file)) copyFileSync(file, `${file}.prev`)
  renameSync(temp, file)
}

/** Records that the current deploy enters `phase`, and persists it before the phase starts. */
export function enterPhase(
  store: { writeState(state: DeployState): void },
  state: DeployState,
  phase: Phase,
  reason?: string,
): void {
  const current = state.current
  if (!current) throw new Error('enterPhase without a current deploy')
  const at = new Date().toISOString()
  current.phase = phase
  current.timeline.push({ phase, at })
  if (reason !== undefined) current.reason = reason
  if (FINAL_PHASES.includes(phase)) {
    current.finishedAt = at
    state.history = [current, ...state.history.filter((entry) => entry.runId !== current.runId)].slice(0, HISTORY_KEPT)
  }
  store.writeState(state)
}
