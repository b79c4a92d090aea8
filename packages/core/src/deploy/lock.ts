import type { Logger } from '../action/logger.js'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../action/errors.js'

export interface LockHolder {
  owner: string
  runId: string
  host: string
  pid: number
  acquiredAt: string
  expiresAt: string
}

const LOCK_FILE = 'lock.json'

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder
  } catch {
    return undefined
  }
}

/**
 * Takes the one deploy lock of `dir`. Creation is atomic (O_EXCL), so of two runs that race only
 * one wins; the loser fails at once naming the holder. A lock past its expiry is stale (its run
 * crashed or was killed) and is taken over with a warning.
 */
export function acquireLock(
  dir: string,
  holder: Omit<LockHolder, 'acquiredAt' | 'expiresAt' | 'host' | 'pid'>,
  ttlMs: number,
  log: Logger,
): LockHolder {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, LOCK_FILE)
  const now = Date.now()
  const mine: LockHolder = {
    ...holder,
    host: hostname(),
    pid: process.pid,
    acquiredAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlMs).toISOString(),
  }
  try {
    const fd = openSync(file, 'wx')
    writeSync(fd, JSON.stringify(mine))
    closeSync(fd)
    return mine
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  const current = readHolder(file)
  if (current?.runId === holder.runId) return current
  if (current && Date.parse(current.expiresAt) > now) {
    throw new UserError(
      `Another deploy holds the lock on ${dir}: ${current.owner} (run ${current.runId}) since ${current.acquiredAt}, until ${current.expiresAt}. Wait for it, or remove ${file} if that run is gone.`,
    )
  }
  log.warning(
    `Taking over a stale deploy lock on ${dir}${current ? ` held by ${current.owner} (run ${current.runId}), expired ${current.expiresAt}` : ' (unreadable)'}`,
  )
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, JSON.stringify(mine))
  renameSync(temp, file)
  if (readHolder(file)?.runId !== holder.runId) {
    throw new UserError(`Another deploy took over the stale lock on ${dir} at the same moment; run again.`)
  }
  return mine
}

/** Releases the lock if this run holds it; returns whether it did. */
export function releaseLock(dir: string, runId: string): boolean {
  const file = join(dir, LOCK_FILE)
  if (!existsSync(file) || readHolder(file)?.runId !== runId) return false
  rmSync(file, { force: true })
  return true
}
