// blue-green-deploy and rollback on a system shipgate did not set up, through the committed
// bundles with real nginx and real service processes: a first run adopts what serves, a color
// still running an old version is replaced before anything is verified, and what cannot be told
// apart stops the run with nothing changed.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { blueGreenEnv, type BlueGreenEnv } from './harness/blue-green-env.js'
import { underLoad as underLoadOn } from './harness/load.js'
import { runAction, type RunOptions } from './harness/run-action.js'
import { startService, type TestService } from './harness/test-service.js'

// Real processes on a 2-CPU CI machine beside the Kubernetes simulation: once in ~900 tests a
// deploy here failed in CI and never in 10 runs here under CPU load. One retry, with the first
// failure printed in the log, keeps that visible without failing CI on it.
jest.retryTimes(1, { logErrorsBeforeRetry: true })

let bg: BlueGreenEnv
beforeEach(async () => {
  bg = await blueGreenEnv()
})
afterEach(async () => {
  await bg.close()
})

function deploy(version: string, inputs: Record<string, string> = {}, options: RunOptions = {}) {
  return runAction('blue-green-deploy', {
    inputs: { ...bg.inputs, version, ...inputs },
    env: bg.env,
    timeoutMs: 90_000,
    ...options,
  })
}

function rollback(inputs: Record<string, string> = {}) {
  return runAction('rollback', {
    inputs: { ...bg.inputsFor('rollback'), when: 'always', reason: 'by hand', ...inputs },
    env: bg.env,
    timeoutMs: 90_000,
  })
}

const underLoad = <T>(ratePerSecond: number, during: () => Promise<T>) =>
  underLoadOn(`${bg.nginx.url}/health`, ratePerSecond, during)

/** nginx reloads in the background, old workers still taking a few connections: wait for 3 answers in a row. */
async function publicBecomes(version: string): Promise<string | undefined> {
  let streak = 0
  for (let attempt = 0; attempt < 100 && streak < 3; attempt += 1) {
    streak = (await bg.publicVersion()) === version ? streak + 1 : 0
    if (streak < 3) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return streak >= 3 ? version : bg.publicVersion()
}

interface State {
  active?: string
  colors: Record<string, { version: string; running: boolean; verifiedAt?: string; adoptedFrom?: string }>
  history: Array<{ action: string; version: string; color: string }>
}
const state = (): State => JSON.parse(readFileSync(join(bg.stateDir, 'state.json'), 'utf8')) as State

describe('first run on a live nginx that shipgate did not set up', () => {
  it('adopts v1 on blue, deploys v2 to green without touching blue under 200 req/s; rollback restores v1', async () => {
    await bg.startOutside('blue', 'v1')
    const bluePid = readFileSync(join(bg.runDir, 'blue.pid'), 'utf8')
    expect(await bg.publicVersion()).toBe('v1')
    expect(existsSync(bg.stateDir)).toBe(false)

    const [first, load] = await underLoad(200, () => deploy('v2'))
    expect(first.main.errors).toEqual([])
    expect(first.main.exitCode).toBe(0)
    expect(first.main.outputs).toMatchObject({
      'active-color': 'green',
      version: 'v2',
      'previous-color': 'blue',
      'previous-version': 'v1',
      phase: 'complete',
    })
    expect(first.main.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(
        /^First run on a live system: nginx-include .* points at blue \(127\.0\.0\.1:\d+\) shows blue \(v1\) serving; adopted as the serving color, so this run deploys to green$/,
      ),
    )
    expect(load.total.requests).toBeGreaterThan(400)
    expect(load.total.failuresByCause).toEqual({})
    expect(await bg.publicVersion()).toBe('v2')
    // The live color was never written: the same v1 process still answers on blue.
    expect(readFileSync(join(bg.runDir, 'blue.pid'), 'utf8')).toBe(bluePid)
    expect(await bg.colorVersion('blue')).toBe('v1')
    expect(state()).toMatchObject({
      active: 'green',
      colors: { blue: { version: 'v1', running: true, adoptedFrom: expect.stringContaining('nginx-include') } },
    })
    expect(state().history.map((entry) => `${entry.action} ${entry.version}`)).toEqual(['deploy v2', 'adopt v1'])

    const back = await rollback()
    expect(back.main.errors).toEqual([])
    expect(back.main.outputs).toMatchObject({ 'rolled-back': 'true', 'active-color': 'blue', 'restored-version': 'v1' })
    expect(await bg.publicVersion()).toBe('v1')
  })

  it('rollback by version after an adoption redeploys the adopted version', async () => {
    await bg.startOutside('blue', 'v1')
    const first = await deploy('v2', { 'keep-previous': 'false' })
    expect(first.main.errors).toEqual([])
    expect(first.main.exitCode).toBe(0)
    expect(await bg.colorVersion('blue')).toBeUndefined()
    const back = await rollback({ to: 'v1' })
    expect(back.main.errors).toEqual([])
    expect(back.main.outputs).toMatchObject({ 'rolled-back': 'true', 'active-color': 'blue', 'restored-version': 'v1' })
    expect(await bg.publicVersion()).toBe('v1')
  })

  it('records what the idle color still runs and replaces it before anything is verified', async () => {
    await bg.startOutside('blue', 'v1')
    await bg.startOutside('green', 'v0')
    const { main } = await deploy('v2')
    expect(main.errors).toEqual([])
    expect(main.warnings.map((w) => w.message)).toContainEqual(
      expect.stringContaining(
        'green still runs v0 without traffic: it is stopped and replaced before anything is verified',
      ),
    )
    expect(main.stdout).toContain('green still runs v0: stopping it before v2 starts there')
    expect(main.outputs).toMatchObject({ 'active-color': 'green', version: 'v2', 'previous-version': 'v1' })
    expect(await bg.publicVersion()).toBe('v2')
  })

  it('stops with nothing changed when the include points at neither color', async () => {
    const stranger: TestService = await startService({ version: 'v1' })
    try {
      writeFileSync(bg.include, `server 127.0.0.1:${stranger.port};\n`)
      bg.nginx.reload()
      expect(await publicBecomes('v1')).toBe('v1')
      const includeBefore = readFileSync(bg.include, 'utf8')
      const { main } = await deploy('v2')
      expect(main.exitCode).toBe(1)
      expect(main.errors.map((e) => e.message)).toEqual([
        expect.stringMatching(
          /^First run on a live system, and nothing was changed: nginx-include .* points at 127\.0\.0\.1:\d+, which is neither blue-url \(127\.0\.0\.1:\d+\) nor green-url \(127\.0\.0\.1:\d+\): shipgate cannot tell which color serves\. Set blue-url or green-url to the address that serves now, then run again$/,
        ),
      ])
      expect(readFileSync(bg.include, 'utf8')).toBe(includeBefore)
      expect(existsSync(join(bg.stateDir, 'state.json'))).toBe(false)
      expect(existsSync(join(bg.stateDir, 'lock.json'))).toBe(false)
      expect(await bg.colorVersion('green')).toBeUndefined()
      expect(await bg.publicVersion()).toBe('v1')
    } finally {
      await stranger.close()
    }
  })

  it('stops with nothing changed when the color the include points at answers but is not healthy', async () => {
    bg.setBehaviour('v1', { status: 500 })
    await bg.startOutside('blue', 'v1')
    const { main } = await deploy('v2')
    expect(main.exitCode).toBe(1)
    expect(main.errors[0]?.message).toMatch(
      /points at blue \(127\.0\.0\.1:\d+\), which answers but is not healthy \(.*HTTP 500, expected 200-299\): shipgate adopts only a color it can verify/,
    )
    expect(await bg.colorVersion('green')).toBeUndefined()
  })

  it('dry-run shows the adoption and the deploy to the other color, and writes nothing', async () => {
    await bg.startOutside('blue', 'v1')
    const { main } = await deploy('v2', { 'dry-run': 'true' })
    expect(main.errors).toEqual([])
    expect(main.exitCode).toBe(0)
    expect(main.stdout).toMatch(/first: First run on a live system: .* shows blue \(v1\) serving/)
    expect(main.stdout).toContain('deploy v2 on green with deploy-command')
    expect(main.stdout).toContain('on failure: switch back to blue (v1)')
    expect(existsSync(join(bg.stateDir, 'state.json'))).toBe(false)
  })

  it('dry-run exits 1 with the real error while another deploy holds the lock', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    let planned: Promise<Awaited<ReturnType<typeof deploy>>> | undefined
    await deploy(
      'v2',
      {},
      {
        onLine: (line) => {
          if (!planned && line.includes('▶ phase verifying')) planned = deploy('v3', { 'dry-run': 'true' })
        },
      },
    )
    const result = await planned
    expect(result?.main.exitCode).toBe(1)
    expect(result?.main.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^dry-run: the real run would stop here: Another deploy holds the lock on /),
    ])
    // The plan is printed all the same, as the real run would see the state.
    expect(result?.main.stdout).toContain('deploy v3 on green with deploy-command')
    expect(result?.main.stdout).toContain('refused: Another deploy holds the lock on ')
  })
})

describe('a color that still runs the previous version', () => {
  it('is stopped with stop-command before the new version starts there, and the new version is verified as itself', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    expect((await deploy('v2')).main.exitCode).toBe(0)
    // keep-previous: blue still runs v1. This deploy-command cannot replace it by itself.
    expect(await bg.colorVersion('blue')).toBe('v1')
    const [third, load] = await underLoad(200, () => deploy('v3', { 'deploy-command': bg.naiveDeployCommand }))
    expect(third.main.errors).toEqual([])
    expect(third.main.stdout).toContain('blue still runs v1: stopping it before v3 starts there')
    expect(third.main.outputs).toMatchObject({ 'active-color': 'blue', version: 'v3', 'previous-version': 'v2' })
    expect(await bg.publicVersion()).toBe('v3')
    expect(load.total.failuresByCause).toEqual({})
  })

  it('without a stop-command fails before the switch when the color still answers as the old version', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    expect((await deploy('v2')).main.exitCode).toBe(0)
    const includeBefore = readFileSync(bg.include, 'utf8')
    const [third, load] = await underLoad(200, () =>
      deploy('v3', { 'deploy-command': bg.naiveDeployCommand, 'stop-command': '', deadline: '3s' }),
    )
    expect(third.main.exitCode).toBe(1)
    expect(third.main.warnings.map((w) => w.message)).toContainEqual(
      'blue still runs v1 and there is no stop-command: deploy-command must replace it, or v3 is not verified',
    )
    expect(third.main.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^v3 on blue did not pass verification, so it never received traffic: blue still answers as v1, not v3, at http:\/\/127\.0\.0\.1:\d+\/health after \d+ attempts; deploy-command's last output:\nstarting v3 on http:\/\/127\.0\.0\.1:\d+/,
      ),
    ])
    expect(third.main.outputs).toMatchObject({ phase: 'failed', 'active-color': 'green', version: 'v2' })
    expect(readFileSync(bg.include, 'utf8')).toBe(includeBefore)
    expect(await bg.publicVersion()).toBe('v2')
    expect(load.total.failuresByCause).toEqual({})
  })
})

describe('first run on a live system behind the command provider', () => {
  const commandInputs = () => ({
    provider: 'command',
    'switch-command': `printf 'server %s;\\n' "\${BG_URL#http://}" > ${bg.include} && ${bg.nginx.reloadCommand}`,
  })

  it('adopts the color whose version public-url answers, and deploys to the other', async () => {
    await bg.startOutside('green', 'v1')
    await bg.startOutside('blue', 'v0')
    writeFileSync(bg.include, `server ${new URL(bg.urls.green).host};\n`)
    bg.nginx.reload()
    expect(await publicBecomes('v1')).toBe('v1')
    const [first, load] = await underLoad(100, () => deploy('v2', commandInputs()))
    expect(first.main.errors).toEqual([])
    expect(first.main.warnings.map((w) => w.message)).toContainEqual(
      expect.stringContaining(
        'public-url (answering as v1, as green-url does) shows green (v1) serving; adopted as the serving color, so this run deploys to blue; blue still runs v0',
      ),
    )
    expect(first.main.outputs).toMatchObject({ 'active-color': 'blue', version: 'v2', 'previous-version': 'v1' })
    expect(await bg.publicVersion()).toBe('v2')
    expect(load.total.failuresByCause).toEqual({})
  })

  it('without public-url refuses, naming the input that settles it', async () => {
    await bg.startOutside('green', 'v1')
    const { 'public-url': _public, ...rest } = bg.inputs
    const { main } = await runAction('blue-green-deploy', {
      inputs: { ...rest, ...commandInputs(), version: 'v2' },
      env: bg.env,
      timeoutMs: 60_000,
    })
    expect(main.exitCode).toBe(1)
    expect(main.errors[0]?.message).toMatch(
      /blue-url does not answer, green-url answers as v1, and without public-url nothing says which color takes traffic\. Give public-url/,
    )
    expect(await bg.colorVersion('blue')).toBeUndefined()
    expect(existsSync(join(bg.stateDir, 'state.json'))).toBe(false)
  })
})
