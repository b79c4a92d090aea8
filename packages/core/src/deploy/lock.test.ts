import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { memoryLog } from '../action/logger.js'
import { acquireLock, holderProcessGone, startHeartbeat, whyHolderIsGone, type LockHolder } from './lock.js'

const NOW = Date.parse('2026-11-27T12:00:00.000Z')
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString()

function holder(overrides: Partial<LockHolder> = {}): LockHolder {
  return {
    owner: 'acme/app deploy/production',
    runId: '700.1.deploy',
    host: 'runner-a',
    pid: 4242,
    acquiredAt: ago(300),
    expiresAt: new Date(NOW + 1_500_000).toISOString(),
    renewedAt: ago(3),
    ...overrides,
  }
}

/** A pid that just ended: no process has it (until the system reuses it). */
function deadPid(): number {
  return Number(spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim())
}

describe('whyHolderIsGone: when a lock may be taken over', () => {
  const alive = () => false
  const dead = () => true
  it.each<[string, LockHolder, { runId: string; host: string }, (h: LockHolder) => boolean, string | undefined]>([
    ['a live holder on this host keeps it', holder(), { runId: '701.1.deploy', host: 'runner-a' }, alive, undefined],
    [
      'a holder on this host whose process is gone loses it',
      holder(),
      { runId: '701.1.deploy', host: 'runner-a' },
      dead,
      'its process 4242 on runner-a is gone',
    ],
    [
      'a process check never applies to another host',
      holder(),
      { runId: '701.1.deploy', host: 'runner-b' },
      dead,
      undefined,
    ],
    [
      'an earlier attempt of the same run loses it to the re-run',
      holder(),
      { runId: '700.2.deploy', host: 'runner-b' },
      alive,
      'it is attempt 1 of this workflow run, and this is attempt 2',
    ],
    [
      'another step of the same run keeps it',
      holder(),
      { runId: '700.2.other-step', host: 'runner-b' },
      alive,
      undefined,
    ],
    [
      'a holder whose heartbeat stopped over 60 s ago loses it',
      holder({ renewedAt: ago(61) }),
      { runId: '701.1.deploy', host: 'runner-b' },
      alive,
      `its last heartbeat was at ${ago(61)}, more than 60s ago`,
    ],
    [
      'a heartbeat 59 s old still holds',
      holder({ renewedAt: ago(59) }),
      { runId: '701.1.deploy', host: 'runner-b' },
      alive,
      undefined,
    ],
    [
      'a lock from before heartbeats counts its acquiredAt',
      holder({ renewedAt: undefined, acquiredAt: ago(120) }),
      { runId: '701.1.deploy', host: 'runner-b' },
      alive,
      `its last heartbeat was at ${ago(120)}, more than 60s ago`,
    ],
    [
      'a live holder past lock-timeout loses it',
      holder({ expiresAt: ago(1) }),
      { runId: '701.1.deploy', host: 'runner-b' },
      alive,
      `it passed lock-timeout at ${ago(1)}`,
    ],
  ])('%s', (_, current, mine, processGone, expected) => {
    expect(whyHolderIsGone(current, mine, NOW, processGone)).toBe(expected)
  })
})

describe('holderProcessGone', () => {
  it('is false for a running process that started before the lock', () => {
    expect(holderProcessGone({ pid: process.pid, acquiredAt: new Date().toISOString() })).toBe(false)
  })

  it('is true for a pid no process has', () => {
    expect(holderProcessGone({ pid: deadPid(), acquiredAt: new Date().toISOString() })).toBe(true)
  })

  it('is true for a pid reused by a process that started after the lock was taken', () => {
    expect(holderProcessGone({ pid: process.pid, acquiredAt: '2001-01-01T00:00:00Z' })).toBe(true)
  })
})

describe('acquireLock and the heartbeat', () => {
  const mine = { owner: 'acme/app deploy/production', runId: '800.1.deploy' }

  it('refuses while a live holder on this host has it, naming the holder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-lock-'))
    const live = holder({
      host: hostname(),
      pid: process.pid,
      acquiredAt: new Date().toISOString(),
      renewedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    writeFileSync(join(dir, 'lock.json'), JSON.stringify(live))
    expect(() => acquireLock(dir, mine, 60_000, memoryLog())).toThrow(
      /^Another deploy holds the lock on .*: acme\/app deploy\/production \(run 700\.1\.deploy\) on .*, pid \d+, since/,
    )
  })

  it('takes over at once from a holder on this host whose process died, with a warning naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-lock-'))
    const pid = deadPid()
    writeFileSync(
      join(dir, 'lock.json'),
      JSON.stringify(
        holder({
          host: hostname(),
          pid,
          renewedAt: new Date().toISOString(),
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      ),
    )
    const log = memoryLog()
    expect(acquireLock(dir, mine, 60_000, log).runId).toBe('800.1.deploy')
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message: expect.stringMatching(
          new RegExp(
            `held by acme/app deploy/production \\(run 700\\.1\\.deploy\\): its process ${pid} on .* is gone$`,
          ),
        ),
      },
    ])
  })

  it('renews the lock while the run goes on, and warns once if another run took it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-lock-'))
    const log = memoryLog()
    const first = acquireLock(dir, mine, 60_000, log)
    const stop = startHeartbeat(dir, mine.runId, log, 20)
    await new Promise((resolve) => setTimeout(resolve, 120))
    const renewed = JSON.parse(readFileSync(join(dir, 'lock.json'), 'utf8')) as LockHolder
    expect(Date.parse(renewed.renewedAt ?? '')).toBeGreaterThan(Date.parse(first.renewedAt ?? ''))
    writeFileSync(join(dir, 'lock.json'), JSON.stringify(holder()))
    await new Promise((resolve) => setTimeout(resolve, 120))
    stop()
    expect(log.lines.map((line) => line.message)).toEqual([
      expect.stringMatching(/no longer holds the deploy lock .*now held by run 700\.1\.deploy/),
    ])
  })
})
