import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../action/errors.js'
import type { Logger } from '../action/logger.js'

export interface LockHolder {
  owner: string
  /** `<GITHUB_RUN_ID>.<GITHUB_RUN_ATTEMPT>.<GITHUB_ACTION>`: the step that holds the lock. */
  runId: string
  host: string
  pid: number
  acquiredAt: string
  /** The upper bound for a live holder that hangs: acquiredAt + lock-timeout. */
  expiresAt: string
  /** The holder's last heartbeat; a lock from before heartbeats counts acquiredAt. */
  renewedAt?: string
}

/** How often a holder renews its lock while it runs. */
export const HEARTBEAT_INTERVAL_MS = 5_000
/**
 * A lock whose heartbeat is this old is taken over: its holder's runner died (a host that went
 * away, a shared state-dir on another machine). Independent of how long a deploy takes.
 */
export const HEARTBEAT_EXPIRY_MS = 60_000

const LOCK_FILE = 'lock.json'

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder
  } catch {
    return undefined
  }
}

/** Atomic: a reader sees the old holder or the new one, never half a file. */
function writeHolder(file: string, holder: LockHolder): void {
  const temp = `${file}.${process.pid}.tmp`
  const fd = openSync(temp, 'w')
  try {
    writeSync(fd, JSON.stringify(holder))
  } finally {
    closeSync(fd)
  }
  renameSync(temp, file)
}

/** When a process started, in ms since the epoch (Linux /proc); undefined where that cannot be read. */
function processStartMs(pid: number): number | undefined {
  try {
    const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1])
    // The command name in field 2 may hold spaces: the fields after its closing parenthesis are fixed.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ')
    // Field 22 (starttime, in clock ticks since boot) is the 20th after the command name; Linux ticks at 100 Hz.
    const ticks = Number(fields[19])
    if (!Number.isFinite(bootSeconds) || !Number.isFinite(ticks)) return undefined
    return bootSeconds * 1000 + ticks * 10
  } catch {
    return undefined
  }
}

/**
 * Whether the process that took the lock is provably gone: no process with its pid, or one that
 * started after the lock was taken (the pid was reused).
 */
export function holderProcessGone(holder: Pick<LockHolder, 'pid' | 'acquiredAt'>): boolean {
  try {
    process.kill(holder.pid, 0)
  } catch (error) {
    // EPERM: the process exists and belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
  const started = processStartMs(holder.pid)
  // A second of slack for the clock-tick rounding of the start time.
  return started !== undefined && started > Date.parse(holder.acquiredAt) + 1000
}

/** `run.attempt.step` of a GitHub run, or undefined for a local one. */
function runParts(runId: string): { run: string; attempt: number; step: string } | undefined {
  const match = /^(\d+)\.(\d+)\.(.+)$/.exec(runId)
  return match?.[1] && match[2] && match[3] ? { run: match[1], attempt: Number(match[2]), step: match[3] } : undefined
}

/**
 * Why the current holder no longer holds the lock, or undefined while it does. Pure but for the
 * process check, which only applies to a holder on this host.
 */
export function whyHolderIsGone(
  holder: LockHolder,
  mine: { runId: string; host: string },
  nowMs: number,
  processGone: (holder: LockHolder) => boolean = holderProcessGone,
): string | undefined {
  const theirs = runParts(holder.runId)
  const ours = runParts(mine.runId)
  if (theirs && ours && theirs.run === ours.run && theirs.step === ours.step && theirs.attempt < ours.attempt) {
    // A job can only be re-run once its earlier attempt has ended.
    return `it is attempt ${theirs.attempt} of this workflow run, and this is attempt ${ours.attempt}`
  }
  if (holder.host === mine.host && processGone(holder)) {
    return `its process ${holder.pid} on ${holder.host} is gone`
  }
  const renewedAt = holder.renewedAt ?? holder.acquiredAt
  if (nowMs - Date.parse(renewedAt) > HEARTBEAT_EXPIRY_MS) {
    return `its last heartbeat was at ${renewedAt}, more than ${HEARTBEAT_EXPIRY_MS / 1000}s ago`
  }
  if (nowMs > Date.parse(holder.expiresAt)) return `it passed lock-timeout at ${holder.expiresAt}`
  return undefined
}

/**
 * Takes the one deploy lock of `dir`. Creation is atomic (O_EXCL), so of two runs that race only
 * one wins; the loser fails at once naming the holder. A holder that is provably gone (its
 * process ended, its heartbeat stopped, an earlier attempt of this run, past lock-timeout) is
 * taken over at once with a warning naming it.
 */
/** This process as a lock holder from `nowMs`, for lock-timeout `ttlMs`: the file lock and the Lease alike. */
export function newHolder(holder: Pick<LockHolder, 'owner' | 'runId'>, ttlMs: number, nowMs: number): LockHolder {
  return {
    ...holder,
    host: hostname(),
    pid: process.pid,
    acquiredAt: new Date(nowMs).toISOString(),
    expiresAt: new Date(nowMs + ttlMs).toISOString(),
    renewedAt: new Date(nowMs).toISOString(),
  }
}

export function acquireLock(
  dir: string,
  holder: Pick<LockHolder, 'owner' | 'runId'>,
  ttlMs: number,
  log: Logger,
): LockHolder {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, LOCK_FILE)
  const now = Date.now()
  const mine = newHolder(holder, ttlMs, now)
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
  const gone = current ? whyHolderIsGone(current, mine, now) : 'the lock file is unreadable'
  if (current && gone === undefined) throw new UserError(heldBy(dir, current))
  log.warning(
    `Taking over a stale deploy lock on ${dir}${current ? ` held by ${current.owner} (run ${current.runId})` : ''}: ${gone}`,
  )
  writeHolder(file, mine)
  if (readHolder(file)?.runId !== holder.runId) {
    throw new UserError(`Another deploy took over the stale lock on ${dir} at the same moment; run again.`)
  }
  return mine
}

function heldBy(dir: string, current: LockHolder): string {
  return `Another deploy holds the lock on ${dir}: ${current.owner} (run ${current.runId}) on ${current.host}, pid ${current.pid}, since ${current.acquiredAt}; last heartbeat ${current.renewedAt ?? current.acquiredAt}. It is taken over once that process ends or its heartbeat stops for ${HEARTBEAT_EXPIRY_MS / 1000}s, at the latest at ${current.expiresAt} (lock-timeout).`
}

/** Why `runId` would be refused the lock of `dir` now (a live holder), or undefined. Changes nothing. */
export function lockRefusal(dir: string, runId: string): string | undefined {
  const current = readHolder(join(dir, LOCK_FILE))
  if (!current || current.runId === runId) return undefined
  return whyHolderIsGone(current, { runId, host: hostname() }, Date.now()) === undefined
    ? heldBy(dir, current)
    : undefined
}

/**
 * Renews this run's lock every HEARTBEAT_INTERVAL_MS while it runs, so that other runs (on
 * this host or another, over a shared state-dir) can tell it is alive. Returns the stop.
 */
export function startHeartbeat(
  dir: string,
  runId: string,
  log: Logger,
  intervalMs = HEARTBEAT_INTERVAL_MS,
): () => void {
  const file = join(dir, LOCK_FILE)
  let lost = false
  const timer = setInterval(() => {
    const current = readHolder(file)
    if (current?.runId === runId) {
      writeHolder(file, { ...current, renewedAt: new Date().toISOString() })
    } else if (!lost) {
      lost = true
      log.warning(
        `This run no longer holds the deploy lock on ${dir} (${current ? `now held by run ${current.runId}` : 'released'}); another deploy may be changing traffic`,
      )
    }
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** Releases the lock if this run holds it; returns whether it did. */
export function releaseLock(dir: string, runId: string): boolean {
  const file = join(dir, LOCK_FILE)
  if (!existsSync(file) || readHolder(file)?.runId !== runId) return false
  rmSync(file, { force: true })
  return true
}
