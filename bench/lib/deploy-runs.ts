// What the deploy bench measures with: a watcher of which version answers, the user's traffic
// at RATE, and deploys and rollbacks through the committed bundles with their timings.
import { request } from 'undici'
import type { WindowResult } from '@shipgate/core/probe'
import type { BlueGreenEnv } from '../../tests/harness/blue-green-env.js'
import { underLoad as underLoadAt } from '../../tests/harness/load.js'
import { runAction } from '../../tests/harness/run-action.js'

export const RATE = 1000

/** Watches which version answers, on new connections every 10 ms, and when each change happened. */
export function versionWatcher(url: string) {
  const changes: Array<{ version: string | undefined; atMs: number }> = []
  let running = true
  const loop = (async () => {
    let last: string | undefined = 'unknown'
    while (running) {
      let version: string | undefined
      try {
        const response = await request(url, { reset: true, signal: AbortSignal.timeout(1000) })
        await response.body.dump()
        const header = response.headers['x-version']
        version = typeof header === 'string' ? header : undefined
      } catch {
        version = undefined
      }
      if (version !== last) changes.push({ version, atMs: performance.now() })
      last = version
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()
  return {
    firstAfter: (version: string, fromMs: number) =>
      changes.find((c) => c.version === version && c.atMs >= fromMs)?.atMs,
    stop: async () => {
      running = false
      await loop
    },
  }
}

/** The user's traffic at RATE for as long as `during` takes. */
export const underLoad = <T>(url: string, during: () => Promise<T>) => underLoadAt(url, RATE, during)

/** Failures the switch itself caused: everything but the application's own 500s. */
export function switchCaused(window: WindowResult): number {
  return Object.entries(window.total.failuresByCause)
    .filter(([cause]) => cause !== 'HTTP 500')
    .reduce((sum, [, count]) => sum + count, 0)
}

/** Where a deploy runs: the provider inputs of each action and the process environment. */
export interface Target {
  inputs: Record<string, string>
  rollbackInputs: Record<string, string>
  env: Record<string, string>
}

export const nginxTarget = (bg: BlueGreenEnv): Target => ({
  inputs: bg.inputs,
  rollbackInputs: bg.inputsFor('rollback'),
  env: bg.env,
})

export async function deploy(
  bg: Target,
  version: string,
  marks: Record<string, RegExp>,
  extra: { keepPrevious?: string } = {},
) {
  const seen: Record<string, number> = {}
  const run = await runAction('blue-green-deploy', {
    inputs: { ...bg.inputs, version, duration: '2s', rate: '50', 'keep-previous': extra.keepPrevious ?? 'true' },
    env: bg.env,
    timeoutMs: 120_000,
    onLine: (line) => {
      for (const [name, pattern] of Object.entries(marks))
        if (!(name in seen) && pattern.test(line)) seen[name] = performance.now()
    },
  })
  return { exitCode: run.main.exitCode, seen }
}

/** A rollback by hand, timed from the moment it decided (its trigger) to the version serving again. */
export async function rollbackNow(bg: Target): Promise<{ exitCode: number | null; triggerMs: number | undefined }> {
  let triggerMs: number | undefined
  const { main } = await runAction('rollback', {
    inputs: { ...bg.rollbackInputs, when: 'always', reason: 'bench' },
    env: bg.env,
    timeoutMs: 120_000,
    onLine: (line) => {
      if (triggerMs === undefined && line.startsWith('Decision: roll back')) triggerMs = performance.now()
    },
  })
  return { exitCode: main.exitCode, triggerMs }
}

export function sinceTrigger(
  watcher: ReturnType<typeof versionWatcher>,
  version: string,
  run: { triggerMs: number | undefined },
) {
  if (run.triggerMs === undefined) return undefined
  const at = watcher.firstAfter(version, run.triggerMs)
  return at === undefined ? undefined : Math.round(at - run.triggerMs)
}
