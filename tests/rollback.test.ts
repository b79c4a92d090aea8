// rollback through its committed bundle, on the same nginx, service processes and deploy state
// as blue-green-deploy's tests; evidence from the real health-check bundle.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { blueGreenEnv, type BlueGreenEnv } from './harness/blue-green-env.js'
import { FakeGitHub } from './harness/github-server.js'
import { runAction, type RunOptions } from './harness/run-action.js'
import { startWebhook, type WebhookServer } from './harness/webhook-server.js'

let bg: BlueGreenEnv
let hook: WebhookServer
beforeEach(async () => {
  bg = await blueGreenEnv()
  hook = await startWebhook()
})
afterEach(async () => {
  await bg.close()
  await hook.close()
})

function deploy(version: string, inputs: Record<string, string> = {}) {
  return runAction('blue-green-deploy', {
    inputs: { ...bg.inputs, version, ...inputs },
    env: bg.env,
    timeoutMs: 90_000,
  })
}

function rollback(inputs: Record<string, string>, options: RunOptions = {}) {
  return runAction('rollback', {
    inputs: { ...bg.inputsFor('rollback'), 'webhook-url': hook.url, ...inputs },
    env: bg.env,
    timeoutMs: 90_000,
    ...options,
  })
}

async function healthReportOf(): Promise<string> {
  const check = await runAction('health-check', {
    inputs: { url: `${bg.nginx.url}/health`, duration: '3s', rate: '50', interval: '200ms', fail: 'false' },
  })
  return check.main.outputs['report-json'] ?? ''
}

describe('rollback triggers', () => {
  it('rolls back by hand at once, by switching to the still-running previous color, and tells the team', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    expect((await deploy('v2')).main.exitCode).toBe(0)
    const started = Date.now()
    const { main, post } = await rollback({ when: 'always', reason: 'customers report checkout errors' })
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toMatchObject({
      'rolled-back': 'true',
      reason: 'customers report checkout errors',
      'active-color': 'blue',
      'restored-version': 'v1',
    })
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(await bg.publicVersion()).toBe('v1')
    expect(main.masks).toContain(hook.url)
    expect(main.visible).not.toContain('secret-token')
    expect(hook.received).toHaveLength(1)
    const payload = hook.received[0] as {
      text: string
      blocks: Array<{ text?: { text: string }; elements?: Array<{ text: string }> }>
    }
    expect(payload.text).toBe('Rolled back: customers report checkout errors')
    expect(payload.blocks[0]?.text?.text).toContain('*From:* v2 (green)  *To:* v1 (blue)')
    expect(payload.blocks[1]?.elements?.[0]?.text).toMatch(
      /^<https:\/\/github\.com\/octo-org\/shipgate-demo\/actions\/runs\/\d+\/attempts\/1\|The workflow run>$/,
    )
    expect(post?.exitCode).toBe(0)

    const again = await rollback({ when: 'always' })
    expect(again.main.exitCode).toBe(0)
    expect(again.main.outputs['rolled-back']).toBe('false')
    expect(again.main.outputs.reason).toMatch(
      /^Already rolled back: traffic left v2 at .* and v1 serves on blue; nothing to do$/,
    )
    expect(await bg.publicVersion()).toBe('v1')
  })

  it('fires on a failing health-check report and not on a healthy one', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    expect((await deploy('v2')).main.exitCode).toBe(0)
    const healthy = await rollback({ when: 'triggered', 'health-report': await healthReportOf() })
    expect(healthy.main.exitCode).toBe(0)
    expect(healthy.main.outputs).toMatchObject({ 'rolled-back': 'false', 'active-color': 'green' })
    expect(healthy.main.outputs.reason).toMatch(
      /^the health report is healthy: error rate 0% ≤ 5%, p95 [\d.]+ ms ≤ 2000 ms$/,
    )
    expect(hook.received).toHaveLength(0)

    bg.setBehaviour('v3', { failEvery: 5 })
    expect((await deploy('v3', { duration: '0' })).main.exitCode).toBe(0)
    const failing = await rollback({ when: 'triggered', 'health-report': await healthReportOf() })
    expect(failing.main.exitCode).toBe(0)
    expect(failing.main.outputs).toMatchObject({
      'rolled-back': 'true',
      'restored-version': 'v2',
      'active-color': 'green',
    })
    expect(failing.main.outputs.reason).toMatch(/^error rate 20% > 5%$/)
    expect(await bg.publicVersion()).toBe('v2')
  })

  it('watches live traffic and rolls back when a version starts failing 20% of requests', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    bg.setBehaviour('v2', { failAfterRequests: 150, failEvery: 5 })
    expect((await deploy('v2', { duration: '0' })).main.exitCode).toBe(0)
    const { main } = await rollback({ when: 'triggered', watch: '30s', rate: '20' })
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toMatchObject({ 'rolled-back': 'true', 'restored-version': 'v1' })
    expect(main.outputs.reason).toMatch(/^error rate [\d.]+% > 5% over the last 5s$/)
    const report = JSON.parse(readFileSync(main.outputs['report-json'] ?? '', 'utf8')) as {
      decision: { evidence: { second: number } }
    }
    expect(report.decision.evidence.second).toBeLessThan(20)
    expect(await bg.publicVersion()).toBe('v1')
  })

  it('watches a healthy version to the end and stays', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    expect((await deploy('v2')).main.exitCode).toBe(0)
    const { main } = await rollback({ when: 'triggered', watch: '3s', rate: '20' })
    expect(main.exitCode).toBe(0)
    expect(main.outputs['rolled-back']).toBe('false')
    expect(main.outputs.reason).toMatch(/^no trigger fired while watching for 3s: 60 requests, 0 failed/)
    expect(await bg.publicVersion()).toBe('v2')
  })
})

describe('rollback restores', () => {
  it('redeploys the previous version when its color was stopped, verifies, then switches', async () => {
    expect((await deploy('v1', { 'keep-previous': 'false' })).main.exitCode).toBe(0)
    expect((await deploy('v2', { 'keep-previous': 'false' })).main.exitCode).toBe(0)
    const state = JSON.parse(readFileSync(join(bg.stateDir, 'state.json'), 'utf8')) as {
      colors: { blue: { running: boolean } }
    }
    expect(state.colors.blue.running).toBe(false)
    const { main } = await rollback({ when: 'always' })
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toMatchObject({ 'rolled-back': 'true', 'restored-version': 'v1', 'active-color': 'blue' })
    expect(main.stdout).toContain('▶ phase deploying: v1 again on blue')
    expect(await bg.publicVersion()).toBe('v1')
  })

  it('restores a named version from the history', async () => {
    for (const version of ['v1', 'v2', 'v3']) {
      expect((await deploy(version, { 'keep-previous': 'false' })).main.exitCode).toBe(0)
    }
    const { main } = await rollback({ when: 'always', to: 'v1' })
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toMatchObject({ 'rolled-back': 'true', 'restored-version': 'v1' })
    expect(await bg.publicVersion()).toBe('v1')
    const unknown = await rollback({ when: 'always', to: 'v9' })
    expect(unknown.main.exitCode).toBe(1)
    expect(unknown.main.errors[0]?.message).toMatch(
      /^Version v9 is not in the deploy history of .* \(known: v1, v3, v2\); traffic stays on/,
    )
  })

  it('fails clearly and changes nothing when there is nothing to roll back to', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    const stateBefore = readFileSync(join(bg.stateDir, 'state.json'), 'utf8')
    const { main } = await rollback({ when: 'always' })
    expect(main.exitCode).toBe(1)
    expect(main.errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^Nothing to roll back to: only v1 was ever deployed in .*; traffic stays on blue \(v1\)$/),
    ])
    expect(readFileSync(join(bg.stateDir, 'state.json'), 'utf8')).toBe(stateBefore)
    expect(await bg.publicVersion()).toBe('v1')
  })

  it('rolls back even when the webhook is down, with a warning', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    expect((await deploy('v2')).main.exitCode).toBe(0)
    hook.status = 503
    const { main } = await rollback({ when: 'always' })
    expect(main.exitCode).toBe(0)
    expect(main.outputs['rolled-back']).toBe('true')
    expect(hook.received).toHaveLength(3)
    expect(main.warnings.map((w) => w.message)).toContain(
      'Could not send the rollback alert to webhook-url (HTTP 503); the rollback itself is unaffected',
    )
  })

  it('marks the failed GitHub deployment failure and the restored one success', async () => {
    const github = await FakeGitHub.start()
    try {
      const options = { token: github.token, githubApiUrl: github.url }
      const withEnv = { environment: 'production' }
      expect(
        (
          await runAction('blue-green-deploy', {
            inputs: { ...bg.inputs, ...withEnv, version: 'v1' },
            env: bg.env,
            ...options,
          })
        ).main.exitCode,
      ).toBe(0)
      expect(
        (
          await runAction('blue-green-deploy', {
            inputs: { ...bg.inputs, ...withEnv, version: 'v2' },
            env: bg.env,
            ...options,
          })
        ).main.exitCode,
      ).toBe(0)
      const { main } = await rollback({ when: 'always', ...withEnv }, options)
      expect(main.exitCode).toBe(0)
      expect(
        github.deployments.map((d) => [(d.payload as { version: string }).version, d.statuses.map((s) => s.state)]),
      ).toEqual([
        ['v1', ['in_progress', 'success']],
        ['v2', ['in_progress', 'success', 'failure']],
        ['v1', ['success']],
      ])
    } finally {
      await github.close()
    }
  })
})

describe('rollback when its runner dies', () => {
  it('converges on the re-run: the dead attempt’s lock is taken over and traffic ends on the rollback target', async () => {
    expect((await deploy('v1')).main.exitCode).toBe(0)
    expect((await deploy('v2')).main.exitCode).toBe(0)
    const step = { GITHUB_RUN_ID: '6000', GITHUB_ACTION: 'rollback-production' }
    const killed = await rollback(
      { when: 'always' },
      {
        env: { ...bg.env, ...step, GITHUB_RUN_ATTEMPT: '1' },
        processGroup: true,
        skipPost: true,
        onLine: (line, child) => {
          if (line.includes('▶ phase switching:') && child.pid) process.kill(-child.pid, 'SIGKILL')
        },
      },
    )
    expect(killed.main.signal).toBe('SIGKILL')
    expect(existsSync(join(bg.stateDir, 'lock.json'))).toBe(true)
    const rerun = await rollback({ when: 'always' }, { env: { ...bg.env, ...step, GITHUB_RUN_ATTEMPT: '2' } })
    expect(rerun.main.exitCode).toBe(0)
    expect(rerun.main.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(
        /^Taking over a stale deploy lock .*: it is attempt 1 of this workflow run, and this is attempt 2$/,
      ),
    )
    expect(rerun.main.outputs).toMatchObject({
      'rolled-back': 'true',
      'restored-version': 'v1',
      'active-color': 'blue',
    })
    expect(await bg.publicVersion()).toBe('v1')
    expect(existsSync(join(bg.stateDir, 'lock.json'))).toBe(false)
  })
})
