// Switches and automatic rollbacks under 1,000 req/s through a real nginx, run through the
// committed blue-green-deploy bundle: failed requests, time from the start of the switch to the
// first answer from the new color, and time from a failed post-switch check to traffic restored;
// beside a naive nginx restart measured the same way in the same run; and provider kubernetes
// through the API simulation and its nginx data plane, in the same run.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { blueGreenEnv } from '../tests/harness/blue-green-env.js'
import { startCluster } from '../tests/harness/kube-cluster.js'
import { startNginx } from '../tests/harness/nginx.js'
import { ensureSystemPackages } from '../tools/lib/system.js'
import {
  deploy,
  nginxTarget,
  rollbackNow,
  sinceTrigger,
  switchCaused,
  underLoad,
  versionWatcher,
  RATE,
  type Target,
} from './lib/deploy-runs.js'

/**
 * provider kubernetes through the API simulation (tests/harness/kube-cluster.ts) with the
 * machine's real kubectl: the same switch and rollback by hand, through the nginx that follows the
 * Service's EndpointSlices as kube-proxy would.
 */
async function kubernetesRun(): Promise<Record<string, number | null | undefined>> {
  const cluster = await startCluster({ minor: 33 })
  try {
    cluster.seed()
    const shared = {
      provider: 'kubernetes',
      'kubernetes-service': 'app',
      'kubernetes-image': 'example:{version}',
      'public-url': cluster.nginx.url,
      deadline: '60s',
    }
    const target: Target = {
      inputs: { ...shared, 'kubernetes-replicas': '2', drain: '1s' },
      rollbackInputs: shared,
      env: cluster.env,
    }
    if ((await deploy(target, 'v1', {})).exitCode !== 0) throw new Error('kubernetes: v1 failed to deploy')
    const url = `${cluster.nginx.url}/health`
    const watcher = versionWatcher(url)
    const [second, switchLoad] = await underLoad(url, () => deploy(target, 'v2', { switching: /▶ phase switching/ }))
    if (second.exitCode !== 0) throw new Error('kubernetes: v2 failed to deploy')
    const firstV2 = watcher.firstAfter('v2', second.seen.switching ?? 0)
    const [back, backLoad] = await underLoad(url, () => rollbackNow(target))
    const backMs = sinceTrigger(watcher, 'v1', back)
    await watcher.stop()
    return {
      switchRequests: switchLoad.total.requests,
      switchFailed: switchCaused(switchLoad),
      switchResent: switchLoad.total.retried,
      switchToFirstAnswerMs:
        firstV2 === undefined || second.seen.switching === undefined
          ? undefined
          : Math.round(firstV2 - second.seen.switching),
      rollbackExitCode: back.exitCode,
      rollbackRequests: backLoad.total.requests,
      rollbackFailed: switchCaused(backLoad),
      triggerToRestoredMs: backMs,
    }
  } finally {
    await cluster.close()
  }
}

async function naiveRestart(): Promise<Record<string, number | undefined>> {
  const bg = await blueGreenEnv()
  try {
    for (const version of ['v1', 'v2'])
      if ((await deploy(nginxTarget(bg), version, {})).exitCode !== 0)
        throw new Error(`naive baseline: ${version} failed`)
    // Now v2 serves on green and v1 still runs on blue: restart nginx pointing at blue.
    const watcher = versionWatcher(`${bg.nginx.url}/health`)
    const [startMs, load] = await underLoad(`${bg.nginx.url}/health`, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const start = performance.now()
      writeFileSync(bg.include, `server ${new URL(bg.urls.blue).host};\n`)
      const config = readFileSync(join(bg.nginx.prefix, 'nginx.conf'), 'utf8')
      const http = config.slice(config.indexOf('upstream app'), config.lastIndexOf('}'))
      const port = bg.nginx.port
      await bg.nginx.stop()
      bg.nginx = await startNginx(`  ${http}`, { port })
      await new Promise((resolve) => setTimeout(resolve, 2000))
      return start
    })
    await watcher.stop()
    const first = watcher.firstAfter('v1', startMs)
    return {
      failed: switchCaused(load),
      requests: load.total.requests,
      switchToFirstAnswerMs: first === undefined ? undefined : Math.round(first - startMs),
    }
  } finally {
    await bg.close()
  }
}

export async function run(): Promise<Record<string, unknown>> {
  ensureSystemPackages('The deploy benchmark')
  const bg = await blueGreenEnv()
  try {
    if ((await deploy(nginxTarget(bg), 'v1', {})).exitCode !== 0) throw new Error('v1 failed to deploy')
    const watcher = versionWatcher(`${bg.nginx.url}/health`)
    const [second, switchLoad] = await underLoad(`${bg.nginx.url}/health`, () =>
      deploy(nginxTarget(bg), 'v2', { switching: /▶ phase switching/ }),
    )
    if (second.exitCode !== 0) throw new Error('v2 failed to deploy')
    const firstV2 = watcher.firstAfter('v2', second.seen.switching ?? 0)
    const switchMs =
      firstV2 === undefined || second.seen.switching === undefined
        ? undefined
        : Math.round(firstV2 - second.seen.switching)

    bg.setBehaviour('v3', { failAfterRequests: 200, failEvery: 3 })
    const [third, rollbackLoad] = await underLoad(`${bg.nginx.url}/health`, () =>
      deploy(nginxTarget(bg), 'v3', { failedCheck: /Verification after the switch failed/ }),
    )
    const restored = watcher.firstAfter('v2', third.seen.failedCheck ?? 0)
    const restoreMs =
      restored === undefined || third.seen.failedCheck === undefined
        ? undefined
        : Math.round(restored - third.seen.failedCheck)

    // rollback by hand: first by switching back to a running color, then by redeploying a stopped one.
    if ((await deploy(nginxTarget(bg), 'v4', {})).exitCode !== 0) throw new Error('v4 failed to deploy')
    const [switchBack, switchBackLoad] = await underLoad(`${bg.nginx.url}/health`, () => rollbackNow(nginxTarget(bg)))
    const switchBackMs = sinceTrigger(watcher, 'v2', switchBack)
    if ((await deploy(nginxTarget(bg), 'v5', {}, { keepPrevious: 'false' })).exitCode !== 0)
      throw new Error('v5 failed to deploy')
    const [redeploy, redeployLoad] = await underLoad(`${bg.nginx.url}/health`, () => rollbackNow(nginxTarget(bg)))
    const redeployMs = sinceTrigger(watcher, 'v2', redeploy)
    await watcher.stop()

    const naive = await naiveRestart()
    const kubernetes = await kubernetesRun()
    const result = {
      rate: RATE,
      switch: {
        failed: switchCaused(switchLoad),
        resent: switchLoad.total.retried,
        requests: switchLoad.total.requests,
        switchToFirstAnswerMs: switchMs,
      },
      autoRollback: {
        exitCode: third.exitCode,
        failed: switchCaused(rollbackLoad),
        resent: rollbackLoad.total.retried,
        requests: rollbackLoad.total.requests,
        failedCheckToRestoredMs: restoreMs,
      },
      rollback: {
        switchBack: {
          exitCode: switchBack.exitCode,
          failed: switchCaused(switchBackLoad),
          requests: switchBackLoad.total.requests,
          triggerToRestoredMs: switchBackMs,
        },
        redeploy: {
          exitCode: redeploy.exitCode,
          failed: switchCaused(redeployLoad),
          requests: redeployLoad.total.requests,
          triggerToRestoredMs: redeployMs,
        },
      },
      naiveRestart: naive,
      kubernetes,
    }
    console.log(`Under ${RATE} req/s through nginx:`)
    console.log('| | requests | switch-caused failures | resent on a closed keep-alive | time |')
    console.log('| --- | --- | --- | --- | --- |')
    console.log(
      `| blue-green switch v1 -> v2 | ${result.switch.requests} | ${result.switch.failed} (target 0) | ${result.switch.resent} | switch start -> first v2 answer ${switchMs} ms (target < 1000) |`,
    )
    console.log(
      `| automatic rollback v3 -> v2 | ${result.autoRollback.requests} | ${result.autoRollback.failed} (target 0; v3's own 500s excluded) | ${result.autoRollback.resent} | failed check -> v2 serves ${restoreMs} ms (target < 2000) |`,
    )
    console.log(
      `| rollback by switching back v4 -> v2 | ${result.rollback.switchBack.requests} | ${result.rollback.switchBack.failed} (target 0) | - | trigger -> v2 serves ${switchBackMs} ms (target < 2000) |`,
    )
    console.log(
      `| rollback by redeploying v5 -> v2 | ${result.rollback.redeploy.requests} | ${result.rollback.redeploy.failed} | - | trigger -> v2 serves ${redeployMs} ms |`,
    )
    console.log(
      `| naive nginx restart | ${naive.requests} | ${naive.failed} | - | restart start -> first new answer ${naive.switchToFirstAnswerMs} ms |`,
    )
    console.log(
      `| kubernetes switch v1 -> v2 (simulated API, real kubectl and nginx) | ${kubernetes.switchRequests} | ${kubernetes.switchFailed} (target 0) | ${kubernetes.switchResent} | switch start -> first v2 answer ${kubernetes.switchToFirstAnswerMs} ms |`,
    )
    console.log(
      `| kubernetes rollback by switching back v2 -> v1 | ${kubernetes.rollbackRequests} | ${kubernetes.rollbackFailed} (target 0) | - | trigger -> v1 serves ${kubernetes.triggerToRestoredMs} ms (target < 2000) |`,
    )
    return result
  } finally {
    await bg.close()
  }
}
