// The deploys of `pnpm demo`: v1 and v2 behind a real nginx, each migrating the shared database,
// a health-check window, a bad v3 rolled back on its own (by a Prometheus error-rate check when
// prometheus is installed), and a bad v4 whose migration breaks the serving v2, caught before any
// switch.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startNginx } from '../../tests/harness/nginx.js'
import { startPrometheus, type Prometheus } from '../../tests/harness/prometheus.js'
import { runAction } from '../../tests/harness/run-action.js'
import { freePort } from '../../tests/harness/test-service.js'
import { repoRoot } from '../lib/action-yml.js'
import { onPath } from '../lib/system.js'
import { heading, show, type Demo } from './demo.js'

export async function deploys(demo: Demo): Promise<void> {
  const { work, runDir, node, rows } = demo
  heading('3. Blue-green deploys behind a real nginx')
  spawnSync('mkdir', ['-p', runDir])
  const [blue, green] = [await freePort(), await freePort()]
  const include = join(work, 'active.conf')
  writeFileSync(include, `server 127.0.0.1:${blue};\n`)
  const nginx = await startNginx(
    `  upstream app { include ${include}; keepalive 16; }\n  server { listen 127.0.0.1:{port}; location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; } }`,
  )
  demo.onCleanup(() => nginx.stop())
  console.log(`nginx serves on ${nginx.url}; blue on :${blue}, green on :${green}`)
  // With Prometheus, real traffic judges each release too (the pipeline's rules over 5 s windows).
  let prometheus: Prometheus | undefined
  if (onPath('prometheus')) {
    const started = await startPrometheus([`127.0.0.1:${blue}`, `127.0.0.1:${green}`])
    prometheus = started
    demo.onCleanup(() => started.stop())
    console.log(`Prometheus on ${prometheus.url} scrapes both colors every second`)
  } else {
    console.log(
      'Prometheus is not installed: the deploys are judged by probes only. To judge them by their metrics too:\n  sudo apt-get install -y prometheus',
    )
  }
  const metrics: Record<string, string> = prometheus
    ? {
        'prometheus-url': prometheus.url,
        'metrics-interval': '1s',
        metrics: [
          '- name: error-rate',
          `  query: '(sum(rate(http_requests_total{version="{version}",code=~"5.."}[5s])) or vector(0)) / sum(rate(http_requests_total{version="{version}"}[5s]))'`,
          '  max: 0.05',
          '- name: p95',
          `  query: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{version="{version}"}[5s])))'`,
          '  max: 2',
        ].join('\n'),
        duration: '6s',
      }
    : {}
  // Both colors share one SQLite database; each release migrates it with the service's own
  // migrate.ts (shaped like alembic), its revisions recorded by blue-green-deploy.
  const env = { SHIPGATE_RUN_DIR: runDir, NODE: node, DB_PATH: join(work, 'app.db') }
  const migrate = `cd ${repoRoot} && ${node} --import tsx examples/service/src/migrate.ts`
  const inputs = {
    provider: 'nginx',
    'state-dir': join(work, 'state'),
    'blue-url': `http://127.0.0.1:${blue}`,
    'green-url': `http://127.0.0.1:${green}`,
    'public-url': nginx.url,
    'nginx-include': include,
    'nginx-test-command': nginx.testCommand,
    'nginx-reload-command': nginx.reloadCommand,
    'deploy-command': join(repoRoot, 'examples/deploy/start.sh'),
    'stop-command': join(repoRoot, 'examples/deploy/stop.sh'),
    'health-path': '/health/db',
    'migrate-command': migrate,
    'schema-version-command': `${migrate} --current`,
    'migrate-failure-command': `${migrate} --release "$BG_PREVIOUS_VERSION"`,
    'compat-window': '3s',
    duration: '3s',
    rate: '50',
    drain: '1s',
    ...metrics,
  }
  const deploy = async (version: string) => {
    console.log(`\n--- blue-green-deploy ${version}`)
    const { main } = await runAction('blue-green-deploy', { inputs: { ...inputs, version }, env, timeoutMs: 120_000 })
    show(main)
    return main
  }
  for (const version of ['v1', 'v2']) {
    const step = await deploy(version)
    rows.push([
      `deploy ${version}`,
      step.outputs.phase ?? '',
      `${step.outputs.version} on ${step.outputs['active-color']}`,
    ])
    if (step.exitCode !== 0) throw new Error(`the deploy of ${version} failed`)
  }
  console.log('\n--- health-check: 5 s at 100 req/s through nginx, production thresholds')
  const health = await runAction('health-check', {
    inputs: {
      url: `${nginx.url}/health\n${nginx.url}/health/db`,
      duration: '5s',
      rate: '50',
      'max-p95': '500ms',
      'max-error-rate': '1%',
      'min-rps': '90',
    },
  })
  show(health.main)
  rows.push([
    'health-check',
    health.main.outputs.healthy === 'true' ? 'healthy' : 'NOT HEALTHY',
    `${health.main.outputs.requests} requests, p95 ${health.main.outputs.p95} ms, ${health.main.outputs.rps} req/s, errors ${health.main.outputs['error-rate']}%`,
  ])
  if (health.main.exitCode !== 0) throw new Error('the health check of v2 failed')
  // v3 is fine through its own verification (its first 200 requests; 400 with the longer window
  // the metrics get), then answers 500 to a third of them: it breaks under real traffic, after
  // the switch, where the error-rate check (or, without Prometheus, the probe) catches it.
  writeFileSync(join(runDir, 'v3.env'), `FAIL_RATE=0.35\nFAIL_AFTER_REQUESTS=${prometheus ? 400 : 200}\n`)
  const bad = await deploy('v3')
  const why = /metric check [\w-]+ failed: [^;)]*/.exec(bad.errors[0]?.message ?? '')?.[0]
  rows.push([
    'deploy v3 (bad)',
    bad.outputs.phase ?? '',
    `rolled-back=${bad.outputs['rolled-back']}; serving ${bad.outputs.version} on ${bad.outputs['active-color']}${why ? `; ${why}` : ''}`,
  ])
  const served = await fetch(`${nginx.url}/version`).then((answer) => answer.json() as Promise<{ version: string }>)
  rows.push([
    'public URL now',
    served.version,
    served.version === 'v2' ? 'v2 serves again: v3 was switched out as soon as it failed' : 'UNEXPECTED',
  ])
  if (bad.outputs['rolled-back'] !== 'true' || served.version !== 'v2') throw new Error('v3 was not rolled back to v2')
  // v4's migration renames a column v2 still reads: not expand-contract. The compat window on the
  // serving v2 catches it while v4 has not started, and migrate-failure-command takes it back.
  const broken = await deploy('v4')
  const caught = /broke v2, which is still serving[^:]*/.test(broken.errors[0]?.message ?? '')
  rows.push([
    'deploy v4 (bad migration)',
    broken.outputs.phase ?? '',
    caught
      ? 'its migration broke the serving v2: caught before v4 started, nothing switched, the schema taken back'
      : `UNEXPECTED: ${broken.errors[0]?.message ?? 'no error'}`,
  ])
  const after = await fetch(`${nginx.url}/health/db`).then(
    (answer) => answer.json() as Promise<{ version: string; db: string }>,
  )
  rows.push(['public URL now', after.version, `${after.version} serves, database ${after.db}`])
  if (!caught || after.version !== 'v2' || after.db !== 'ok') throw new Error('the bad migration of v4 was not caught')
}
