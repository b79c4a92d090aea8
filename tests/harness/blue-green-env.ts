// A complete blue-green setup on this machine for the deploy and rollback tests (and the demo):
// a real nginx whose upstream block includes the file the nginx provider rewrites, two color
// ports, and deploy/stop commands that start and stop real service processes (serve.ts).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { readActionYml, repoRoot } from '../../tools/lib/action-yml.js'
import { ensureNode24 } from '../../tools/node24.js'
import { proxyTo, startNginx, type Nginx } from './nginx.js'
import type { Behaviour } from './test-service.js'
import { freePort } from './test-service.js'

export interface BlueGreenEnv {
  nginx: Nginx
  dir: string
  stateDir: string
  include: string
  urls: { blue: string; green: string }
  /** The provider inputs of blue-green-deploy and rollback for this setup. */
  inputs: Record<string, string>
  /** `inputs` narrowed to those `action` declares (rollback has no drain, duration…). */
  inputsFor(action: string): Record<string, string>
  /** Extra environment for the action process: where serve.ts finds each version's behaviour. */
  env: Record<string, string>
  /** With `database`: the SQLite file both colors of the example service use (DB_PATH). */
  database: string
  /**
   * With `exampleService`, where examples/deploy/start.sh keeps its pids and reads a version's
   * `<version>.env` (its misbehaviour).
   */
  runDir: string
  setBehaviour(version: string, behaviour: Behaviour): void
  /**
   * Starts `version` on `color` outside shipgate (by hand, or an older tool), and waits until it
   * answers: a live system shipgate did not set up.
   */
  startOutside(color: 'blue' | 'green', version: string): Promise<void>
  /**
   * A deploy-command that starts the new version without replacing what the color runs: while
   * the old process holds the port, the new one cannot bind and exits. It says what it starts.
   */
  naiveDeployCommand: string
  /** The version a color's URL answers with, on a new connection. */
  colorVersion(color: 'blue' | 'green'): Promise<string | undefined>
  /** The version the public entrypoint answers with, on a new connection. */
  publicVersion(): Promise<string | undefined>
  close(): Promise<void>
}

/**
 * `exampleService` deploys examples/service with its own examples/deploy scripts (what the demo
 * and a user run; it exports Prometheus metrics) instead of the test service.
 */
export async function blueGreenEnv(
  options: { include?: string; exampleService?: boolean; database?: boolean } = {},
): Promise<BlueGreenEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-bg-'))
  const databasePath = join(dir, 'app.db')
  const stateDir = join(dir, 'state')
  const pids = join(dir, 'pids')
  mkdirSync(pids, { recursive: true })
  const [bluePort, greenPort] = [await freePort(), await freePort()]
  const urls = { blue: `http://127.0.0.1:${bluePort}`, green: `http://127.0.0.1:${greenPort}` }
  const include = options.include ?? join(dir, 'active.conf')
  writeFileSync(include, `server 127.0.0.1:${bluePort};\n`)
  const nginx = await startNginx(proxyTo(include))
  const behaviours = join(dir, 'behaviours.json')
  writeFileSync(behaviours, '{}')
  const node = ensureNode24()
  const serve = join(repoRoot, 'tests', 'harness', 'serve.ts')
  const pidFile = `${pids}/$BG_COLOR.pid`
  // A deploy replaces whatever ran on the idle color, then starts the new version in the background.
  const stop = `if [ -f ${pidFile} ]; then kill -9 $(cat ${pidFile}) 2>/dev/null; rm -f ${pidFile}; fi`
  // tsx resolves from the working directory: start from the repository. setsid detaches the
  // service from the deploy step, as a real deploy does: killing the step leaves it running.
  const deploy = `${stop}; cd ${repoRoot} && setsid ${node} --import tsx ${serve} > ${dir}/$BG_COLOR-$BG_VERSION.log 2>&1 < /dev/null & echo $! > ${pidFile}`
  const naive = `echo "starting $BG_VERSION on $BG_URL"; cd ${repoRoot} && setsid ${node} --import tsx ${serve} > ${dir}/$BG_COLOR-$BG_VERSION.log 2>&1 < /dev/null & echo $! >> ${pids}/$BG_COLOR-naive.pid`
  const versionAt = async (base: string) => {
    try {
      const response = await request(`${base}/health`, { reset: true })
      const header = response.headers['x-version']
      await response.body.dump()
      return typeof header === 'string' ? header : undefined
    } catch {
      return undefined
    }
  }
  const env: BlueGreenEnv = {
    nginx,
    dir,
    stateDir,
    include,
    urls,
    inputs: {
      provider: 'nginx',
      'state-dir': stateDir,
      'blue-url': urls.blue,
      'green-url': urls.green,
      'public-url': nginx.url,
      'nginx-include': include,
      'nginx-test-command': nginx.testCommand,
      'nginx-reload-command': nginx.reloadCommand,
      'deploy-command': options.exampleService ? join(repoRoot, 'examples/deploy/start.sh') : deploy,
      'stop-command': options.exampleService ? join(repoRoot, 'examples/deploy/stop.sh') : stop,
      deadline: '20s',
      duration: '1s',
      rate: '20',
      drain: '500ms',
    },
    inputsFor(action) {
      const declared = Object.keys(readActionYml(join(repoRoot, 'actions', action)).inputs)
      return Object.fromEntries(Object.entries(env.inputs).filter(([name]) => declared.includes(name)))
    },
    env: {
      SERVE_BEHAVIOURS: behaviours,
      ...(options.exampleService ? { SHIPGATE_RUN_DIR: pids, NODE: node } : {}),
      // Both colors share one SQLite database, as two releases of a backend do.
      ...(options.database ? { DB_PATH: databasePath } : {}),
    },
    runDir: pids,
    database: databasePath,
    setBehaviour(version, behaviour) {
      const all = JSON.parse(readFileSync(behaviours, 'utf8')) as Record<string, Behaviour>
      writeFileSync(behaviours, JSON.stringify({ ...all, [version]: behaviour }))
    },
    publicVersion: () => versionAt(env.nginx.url),
    colorVersion: (color) => versionAt(urls[color]),
    naiveDeployCommand: naive,
    async startOutside(color, version) {
      const started = spawnSync('sh', ['-c', deploy], {
        env: { ...process.env, ...env.env, BG_COLOR: color, BG_VERSION: version, BG_URL: urls[color] },
      })
      if (started.status !== 0) throw new Error(`could not start ${version} on ${color}: ${String(started.stderr)}`)
      for (let attempt = 0; attempt < 200; attempt += 1) {
        if ((await versionAt(urls[color])) === version) return
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      throw new Error(`${version} on ${color} never answered`)
    },
    async close() {
      for (const file of existsSync(pids) ? readdirSync(pids) : []) {
        spawnSync('sh', ['-c', `kill -9 $(cat ${join(pids, file)}) 2>/dev/null`])
      }
      await env.nginx.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return env
}
