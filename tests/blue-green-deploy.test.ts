// blue-green-deploy through its committed bundle, with real nginx and real service processes.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeGitHub } from './harness/github-server.js'
import { blueGreenEnv, type BlueGreenEnv } from './harness/blue-green-env.js'
import { underLoad as underLoadOn } from './harness/load.js'
import { runAction, type RunOptions } from './harness/run-action.js'

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

/** Open-loop load through nginx for as long as `during` takes: the user's traffic. */
const underLoad = <T>(ratePerSecond: number, during: () => Promise<T>) =>
  underLoadOn(`${bg.nginx.url}/health`, ratePerSecond, during)

describe('blue-green-deploy with nginx', () => {
  it('switches v1 -> v2 with zero failed requests under 200 req/s', async () => {
    const first = await deploy('v1')
    expect(first.main.exitCode).toBe(0)
    expect(first.main.outputs).toMatchObject({
      'active-color': 'blue',
      version: 'v1',
      phase: 'complete',
      'previous-color': '',
    })
    expect(await bg.publicVersion()).toBe('v1')

    const [second, load] = await underLoad(200, () => deploy('v2'))
    expect(second.main.exitCode).toBe(0)
    expect(second.main.outputs).toMatchObject({
      'active-color': 'green',
      version: 'v2',
      'previous-color': 'blue',
      'previous-version': 'v1',
      'rolled-back': 'false',
      phase: 'complete',
    })
    expect(await bg.publicVersion()).toBe('v2')
    expect(load.total.requests).toBeGreaterThan(400)
    expect(load.total.failuresByCause).toEqual({})
    expect(load.total.failures).toBe(0)
    expect(readFileSync(bg.include, 'utf8')).toContain(`server ${new URL(bg.urls.green).host};`)
    expect(second.main.summary).toMatch(/\| switching \|/)
    expect(second.post?.exitCode).toBe(0)
  })

  it('rolls a v3 that fails under real traffic back to v2 on its own, with no switch-caused failures', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    expect((await deploy('v2')).main.exitCode).toBe(0)
    bg.setBehaviour('v3', { failAfterRequests: 40, failEvery: 3 })
    const [third, load] = await underLoad(200, () => deploy('v3'))
    expect(third.main.exitCode).toBe(1)
    expect(third.main.outputs).toMatchObject({
      'rolled-back': 'true',
      phase: 'rolled-back',
      'active-color': 'green',
      version: 'v2',
    })
    expect(third.main.errors).toHaveLength(1)
    expect(third.main.errors[0]?.message).toMatch(
      /v3 failed verification after the switch .*error-rate .*traffic is back on green \(v2\)/,
    )
    expect(await bg.publicVersion()).toBe('v2')
    // The only failures users saw are v3's own 500s: nothing from the switches themselves.
    expect(Object.keys(load.total.failuresByCause)).toEqual(['HTTP 500'])
  })

  it('never sends traffic to a v4 that never becomes ready', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const includeBefore = readFileSync(bg.include, 'utf8')
    bg.setBehaviour('v4', { startAfterMs: 600_000 })
    const [fourth, load] = await underLoad(200, () => deploy('v4', { deadline: '3s' }))
    expect(fourth.main.exitCode).toBe(1)
    expect(fourth.main.outputs).toMatchObject({
      phase: 'failed',
      'active-color': 'blue',
      version: 'v1',
      'rolled-back': 'false',
    })
    expect(fourth.main.errors[0]?.message).toMatch(
      /v4 on green did not pass verification, so it never received traffic/,
    )
    expect(readFileSync(bg.include, 'utf8')).toBe(includeBefore)
    expect(load.total.failures).toBe(0)
    expect(await bg.publicVersion()).toBe('v1')
  })

  it('stops when nginx -t refuses the configuration, and changes nothing', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const includeBefore = readFileSync(bg.include, 'utf8')
    // Someone broke the main config since the last reload: nginx still serves the old one.
    writeFileSync(
      join(bg.nginx.prefix, 'nginx.conf'),
      `${readFileSync(join(bg.nginx.prefix, 'nginx.conf'), 'utf8')}\nnot_a_directive on;\n`,
    )
    const second = await deploy('v2')
    expect(second.main.exitCode).toBe(1)
    expect(second.main.errors[0]?.message).toMatch(
      /nginx-test-command refused the configuration with green as upstream .*previous include is restored/s,
    )
    expect(second.main.outputs).toMatchObject({ phase: 'failed', 'active-color': 'blue', version: 'v1' })
    expect(readFileSync(bg.include, 'utf8')).toBe(includeBefore)
    expect(await bg.publicVersion()).toBe('v1')
  })

  it('refuses a second deploy while the first holds the lock, naming the holder', async () => {
    let second: Promise<Awaited<ReturnType<typeof deploy>>> | undefined
    const first = await deploy(
      'v1',
      {},
      {
        onLine: (line) => {
          if (!second && line.includes('▶ phase verifying')) second = deploy('v1b')
        },
      },
    )
    expect(first.main.exitCode).toBe(0)
    const refused = await second
    expect(refused?.main.exitCode).toBe(1)
    expect(refused?.main.errors[0]?.message).toMatch(
      /^Another deploy holds the lock on .*: octo-org\/shipgate-demo ci\/gate \(run \d+\.1\.__shipgate_step_\d+\)/,
    )
    expect(await bg.publicVersion()).toBe('v1')
  })

  it('takes over a stale lock with a warning', async () => {
    mkdirSync(bg.stateDir, { recursive: true })
    const expired = {
      owner: 'old run',
      runId: 'gone',
      host: 'h',
      pid: 1,
      acquiredAt: '2020-01-01T00:00:00Z',
      expiresAt: '2020-01-01T00:30:00Z',
    }
    writeFileSync(join(bg.stateDir, 'lock.json'), JSON.stringify(expired))
    const { main } = await deploy('v1')
    expect(main.exitCode).toBe(0)
    expect(main.warnings[0]?.message).toMatch(/Taking over a stale deploy lock .* held by old run \(run gone\)/)
    expect(existsSync(join(bg.stateDir, 'lock.json'))).toBe(false)
  })

  // The runner machine dies mid-deploy: the whole step is killed (its process group, SIGKILL), no
  // signal handler and no post step run, and the lock stays behind. The job is then re-run (the
  // next attempt of the same workflow run) or a new run starts, on the same host, under load.
  it.each<[string, 'the next attempt' | 'a new run']>([
    ['deploying', 'the next attempt'],
    ['verifying', 'a new run'],
    ['switching', 'the next attempt'],
    ['post-verify', 'a new run'],
    ['draining', 'the next attempt'],
  ])('converges when the runner dies in %s and %s deploys again, under load', async (killedIn, rerunAs) => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const step = { GITHUB_RUN_ID: '5000', GITHUB_ACTION: 'deploy-production' }
    const [[killed, rerun], load] = await underLoad(100, async () => {
      // The kill lands when this process reads the phase line, which under load and a busy machine
      // can be seconds late: a long drain keeps the dying run holding its lock until it does.
      const dead = await deploy(
        'v2',
        { drain: '20s' },
        {
          env: { ...step, GITHUB_RUN_ATTEMPT: '1' },
          processGroup: true,
          skipPost: true,
          onLine: (line, child) => {
            if (line.includes(`▶ phase ${killedIn}:`) && child.pid) process.kill(-child.pid, 'SIGKILL')
          },
        },
      )
      expect(existsSync(join(bg.stateDir, 'lock.json'))).toBe(true)
      const again = await deploy(
        'v2',
        {},
        {
          env:
            rerunAs === 'a new run'
              ? { ...step, GITHUB_RUN_ID: '5001', GITHUB_RUN_ATTEMPT: '1' }
              : { ...step, GITHUB_RUN_ATTEMPT: '2' },
        },
      )
      return [dead, again] as const
    })
    expect(killed.main.signal).toBe('SIGKILL')
    expect(killed.post).toBeUndefined()
    expect(rerun.main.exitCode).toBe(0)
    expect(rerun.main.warnings[0]?.message).toMatch(
      rerunAs === 'a new run'
        ? /^Taking over a stale deploy lock .* \(run 5000\.1\.deploy-production\): its process \d+ on .* is gone$/
        : /^Taking over a stale deploy lock .*: it is attempt 1 of this workflow run, and this is attempt 2$/,
    )
    expect(rerun.main.summary).toContain('Recovered an interrupted deploy first')
    expect(rerun.main.outputs).toMatchObject({ 'active-color': 'green', version: 'v2' })
    expect(await bg.publicVersion()).toBe('v2')
    const state = JSON.parse(readFileSync(join(bg.stateDir, 'state.json'), 'utf8')) as {
      active: string
      colors: Record<string, { version: string }>
    }
    expect(state.colors[state.active]?.version).toBe('v2')
    expect(existsSync(join(bg.stateDir, 'lock.json'))).toBe(false)
    expect(load.total.failures).toBe(0)
  })

  it('takes over from a holder on another host once its heartbeat has stopped for 60 s, not before', async () => {
    mkdirSync(bg.stateDir, { recursive: true })
    const beat = (secondsAgo: number) => ({
      owner: 'acme/app deploy/production',
      runId: '4000.1.deploy',
      host: 'runner-that-died',
      pid: 1,
      acquiredAt: new Date(Date.now() - 600_000).toISOString(),
      expiresAt: new Date(Date.now() + 1_200_000).toISOString(),
      renewedAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
    })
    writeFileSync(join(bg.stateDir, 'lock.json'), JSON.stringify(beat(20)))
    const refused = await deploy('v1')
    expect(refused.main.exitCode).toBe(1)
    expect(refused.main.errors[0]?.message).toMatch(
      /^Another deploy holds the lock .* on runner-that-died, pid 1, .*heartbeat stops for 60s/,
    )
    writeFileSync(join(bg.stateDir, 'lock.json'), JSON.stringify(beat(61)))
    const taken = await deploy('v1')
    expect(taken.main.exitCode).toBe(0)
    expect(taken.main.warnings[0]?.message).toMatch(/its last heartbeat was at .*, more than 60s ago$/)
  })

  it('stages without traffic, then promotes', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const staged = await deploy('v2', { action: 'stage' })
    expect(staged.main.exitCode).toBe(0)
    expect(staged.main.outputs).toMatchObject({ phase: 'staged', 'active-color': 'blue', version: 'v1' })
    expect(await bg.publicVersion()).toBe('v1')
    const promoted = await deploy('', { action: 'promote' })
    expect(promoted.main.exitCode).toBe(0)
    expect(promoted.main.outputs).toMatchObject({ phase: 'complete', 'active-color': 'green', version: 'v2' })
    expect(await bg.publicVersion()).toBe('v2')
  })

  it('stages, then rejects: the staged color stops and traffic never moves', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    expect((await deploy('v2', { action: 'stage' })).main.exitCode).toBe(0)
    const rejected = await deploy('', { action: 'reject' })
    expect(rejected.main.exitCode).toBe(0)
    expect(rejected.main.outputs).toMatchObject({ phase: 'rejected', 'active-color': 'blue', version: 'v1' })
    expect(await bg.publicVersion()).toBe('v1')
    const state = JSON.parse(readFileSync(join(bg.stateDir, 'state.json'), 'utf8')) as {
      colors: { green: { running: boolean } }
    }
    expect(state.colors.green.running).toBe(false)
    const again = await deploy('', { action: 'promote' })
    expect(again.main.errors[0]?.message).toBe('Nothing is staged to promote: run with action: stage first')
  })

  it('prints the plan in dry-run and changes nothing', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const stateBefore = readFileSync(join(bg.stateDir, 'state.json'), 'utf8')
    const { main } = await deploy('v2', { 'dry-run': 'true' })
    expect(main.exitCode).toBe(0)
    expect(main.outputs.phase).toBe('planned')
    expect(main.stdout).toContain('deploy v2 on green with deploy-command')
    expect(main.stdout).toContain('on failure: switch back to blue (v1)')
    expect(readFileSync(join(bg.stateDir, 'state.json'), 'utf8')).toBe(stateBefore)
    expect(await bg.publicVersion()).toBe('v1')
  })

  it('dry-run plans what the real run would do: a deploy over a staged version is refused, an interrupted deploy recovered first', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    expect((await deploy('v2', { action: 'stage' })).main.exitCode).toBe(0)
    const planned = await deploy('v3', { 'dry-run': 'true' })
    expect(planned.main.stdout).toContain('refused: v2 is staged on green: promote or reject it before deploying again')
    expect(planned.main.stdout).not.toContain('deploy v3 on')
    const real = await deploy('v3')
    expect(real.main.errors[0]?.message).toBe('v2 is staged on green: promote or reject it before deploying again')
    // Refused alike: dry-run exits 1 with the real run's error.
    expect(planned.main.exitCode).toBe(1)
    expect(planned.main.errors.map((error) => error.message)).toEqual([
      `dry-run: the real run would stop here: ${real.main.errors[0]?.message}`,
    ])

    const statePath = join(bg.stateDir, 'state.json')
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as { staged?: string; current: { phase: string } }
    writeFileSync(
      statePath,
      JSON.stringify({ ...state, staged: undefined, current: { ...state.current, phase: 'verifying' } }),
    )
    const recovering = await deploy('v3', { 'dry-run': 'true' })
    expect(recovering.main.stdout).toMatch(/first: run .* stopped in phase verifying before any switch: mark it failed/)
  })

  it('does nothing for a version that already serves', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const again = await deploy('v1')
    expect(again.main.exitCode).toBe(0)
    expect(again.main.stdout).toContain('v1 already serves on blue, verified: nothing to do')
  })
})

describe('blue-green-deploy with the command provider and GitHub deployments', () => {
  it('switches with switch-command and records the deployment statuses', async () => {
    const github = await FakeGitHub.start()
    try {
      const inputs = {
        provider: 'command',
        'switch-command': `printf 'server %s;\\n' "\${BG_URL#http://}" > ${bg.include} && ${bg.nginx.reloadCommand}`,
        environment: 'production',
      }
      const options = { token: github.token, githubApiUrl: github.url }
      expect((await deploy('v1', inputs, options)).main.exitCode).toBe(0)
      const second = await deploy('v2', inputs, options)
      expect(second.main.exitCode).toBe(0)
      expect(await bg.publicVersion()).toBe('v2')
      expect(github.deployments).toHaveLength(2)
      const latest = github.deployments[1]
      expect(second.main.outputs['deployment-id']).toBe(String(latest?.id))
      expect(latest).toMatchObject({ environment: 'production', sha: 'f'.repeat(40) })
      expect(latest?.statuses.map((status) => status.state)).toEqual(['in_progress', 'success'])
      expect(latest?.statuses[1]).toMatchObject({
        environment_url: `${bg.nginx.url}/`,
        log_url: expect.stringMatching(/\/actions\/runs\/\d+/),
      })
    } finally {
      await github.close()
    }
  })
})

describe('blue-green-deploy when something no input check foresaw goes wrong', () => {
  it('marks the deploy failed, sets the deployment status error, writes the summary and releases the lock', async () => {
    await bg.close()
    const confDir = mkdtempSync(join(tmpdir(), 'shipgate-conf-'))
    bg = await blueGreenEnv({ include: join(confDir, 'active.conf') })
    const github = await FakeGitHub.start()
    try {
      const options = { token: github.token, githubApiUrl: github.url }
      expect((await deploy('v1', { environment: 'production' }, options)).main.exitCode).toBe(0)
      // The include's folder vanishes while v2 deploys (a cleanup job, a remount): the switch cannot be written.
      const deployThenLoseConf = `${bg.inputs['deploy-command']}; rm -rf ${confDir}`
      const second = await deploy('v2', { environment: 'production', 'deploy-command': deployThenLoseConf }, options)
      expect(second.main.exitCode).toBe(1)
      expect(second.main.errors).toHaveLength(1)
      expect(second.main.errors[0]?.message).toMatch(/^Unexpected error: .*ENOENT.*This is a shipgate bug/)
      expect(second.main.outputs).toMatchObject({ phase: 'failed', 'active-color': 'blue', version: 'v1' })
      const state = JSON.parse(readFileSync(join(bg.stateDir, 'state.json'), 'utf8')) as { current: object }
      expect(state.current).toMatchObject({ version: 'v2', phase: 'failed', reason: expect.stringContaining('ENOENT') })
      expect(existsSync(join(bg.stateDir, 'lock.json'))).toBe(false)
      expect(second.main.summary).toContain('blue-green-deploy: failed')
      expect(github.deployments[1]?.statuses.map((status) => status.state)).toEqual(['in_progress', 'error'])
      expect(await bg.publicVersion()).toBe('v1')
    } finally {
      await github.close()
    }
  })
})
