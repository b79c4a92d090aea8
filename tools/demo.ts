// `pnpm demo`: the pipeline, locally, through the committed bundles and the same runner harness
// the end-to-end tests use: coverage-gate on the example service's real coverage, security-gate
// on its real SBOM and ESLint SARIF plus a shipped sample audit, then blue-green deploys of v1
// and v2 behind a real nginx started unprivileged in a temporary folder, a health-check window,
// and a bad v3 rolled back on its own (by a Prometheus error-rate check when prometheus is installed). Every process it starts is stopped, also on Ctrl-C.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startNginx, type Nginx } from '../tests/harness/nginx.js'
import { startPrometheus, type Prometheus } from '../tests/harness/prometheus.js'
import { runAction, type StepResult } from '../tests/harness/run-action.js'
import { freePort } from '../tests/harness/test-service.js'
import { repoRoot } from './lib/action-yml.js'
import { ensureNode24 } from './node24.js'
import { cycloneDx } from './sbom.js'
import { ensureSystemPackages, onPath } from './lib/system.js'

const started = Date.now()
// Before anything else: the machine has what the demo runs, or the demo says how to get it.
ensureSystemPackages('The demo', ['nginx', 'git'])
const work = mkdtempSync(join(tmpdir(), 'shipgate-demo-'))
const runDir = join(work, 'run')
let nginx: Nginx | undefined
let prometheus: Prometheus | undefined
const rows: Array<[string, string, string]> = []

async function cleanup(): Promise<void> {
  if (existsSync(runDir)) {
    for (const file of readdirSync(runDir).filter((name) => name.endsWith('.pid'))) {
      spawnSync('sh', ['-c', `kill $(cat ${join(runDir, file)}) 2>/dev/null`])
    }
  }
  await nginx?.stop()
  await prometheus?.stop()
  rmSync(work, { recursive: true, force: true })
}

process.once('SIGINT', () => {
  console.log('\nInterrupted: stopping the services and nginx the demo started')
  void cleanup().then(() => process.exit(130))
})

function heading(text: string): void {
  console.log(`\n${'='.repeat(78)}\n${text}\n${'='.repeat(78)}`)
}

function show(step: StepResult): void {
  console.log(step.summary.trim() || '(no summary)')
  for (const error of step.errors) console.log(`::error:: ${error.message}`)
}

const node = ensureNode24()

async function coverage(): Promise<void> {
  heading('1. Tests of examples/service with coverage, then coverage-gate')
  const coverageDir = join(work, 'coverage')
  const jest = spawnSync(
    node,
    [
      join(repoRoot, 'node_modules/jest/bin/jest.js'),
      'examples/service',
      '--coverage',
      '--collectCoverageFrom=examples/service/src/**/*.ts',
      '--coverageProvider=v8',
      '--coverageReporters=lcov',
      `--coverageDirectory=${coverageDir}`,
      '--silent',
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules --no-warnings' },
    },
  )
  if (jest.status !== 0) throw new Error(`the example service's tests failed:\n${jest.stderr}`)
  const { main } = await runAction('coverage-gate', {
    workspace: repoRoot,
    inputs: { reports: join(coverageDir, 'lcov.info'), 'min-line': '80', exclude: '**/*.test.ts', comment: 'off' },
  })
  show(main)
  rows.push([
    'coverage-gate',
    main.outputs.passed === 'true' ? 'passed' : 'FAILED',
    `${main.outputs['line-coverage']}% of ${main.outputs['lines-total']} lines`,
  ])
  if (main.exitCode !== 0) throw new Error('coverage-gate failed')
}

async function security(): Promise<void> {
  heading('2. SBOM and ESLint SARIF of the service, a shipped sample audit, then security-gate')
  const scans = join(work, 'scans')
  spawnSync('mkdir', ['-p', scans])
  writeFileSync(join(scans, 'sbom.cdx.json'), JSON.stringify(cycloneDx()))
  const eslint = spawnSync(
    node,
    [
      join(repoRoot, 'node_modules/eslint/bin/eslint.js'),
      '-f',
      '@microsoft/eslint-formatter-sarif',
      '-o',
      join(scans, 'eslint.sarif'),
      'examples/service/src',
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  )
  if (!existsSync(join(scans, 'eslint.sarif')))
    throw new Error(`ESLint did not write its SARIF report:\n${eslint.stderr}`)
  const { main } = await runAction('security-gate', {
    workspace: work,
    inputs: {
      reports: `scans/*.json\nscans/eslint.sarif\n${join(repoRoot, 'examples/scans/npm-audit-sample.json')}`,
      require: 'sast, dependency, license',
      'deny-licenses': 'GPL-2.0-only, GPL-3.0-only, AGPL-3.0-only',
      'sarif-output': 'scans/merged.sarif',
      comment: 'off',
    },
  })
  show(main)
  rows.push([
    'security-gate',
    main.outputs.passed === 'true' ? 'passed' : 'FAILED',
    `gates ${main.outputs.gates}; ${main.outputs.findings} findings below the bar`,
  ])
  if (main.exitCode !== 0) throw new Error('security-gate failed')
}

async function deploys(): Promise<void> {
  heading('3. Blue-green deploys behind a real nginx')
  spawnSync('mkdir', ['-p', runDir])
  const [blue, green] = [await freePort(), await freePort()]
  const include = join(work, 'active.conf')
  writeFileSync(include, `server 127.0.0.1:${blue};\n`)
  nginx = await startNginx(
    `  upstream app { include ${include}; keepalive 16; }\n  server { listen 127.0.0.1:{port}; location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; } }`,
  )
  console.log(`nginx serves on ${nginx.url}; blue on :${blue}, green on :${green}`)
  // With Prometheus, real traffic judges each release too (the pipeline's rules over 5 s windows).
  if (onPath('prometheus')) {
    prometheus = await startPrometheus([`127.0.0.1:${blue}`, `127.0.0.1:${green}`])
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
  const env = { SHIPGATE_RUN_DIR: runDir, NODE: node }
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
}

let failure: unknown
try {
  await coverage()
  await security()
  await deploys()
} catch (error) {
  failure = error
} finally {
  await cleanup()
}
heading(`What happened (${((Date.now() - started) / 1000).toFixed(1)} s)`)
const width = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0), 4))
for (const row of [['step', 'result', 'detail'] as [string, string, string], ...rows]) {
  console.log(row.map((cell, i) => cell.padEnd(width[i] ?? 0)).join('  '))
}
if (failure) {
  console.error(`\nThe demo stopped: ${failure instanceof Error ? failure.message : JSON.stringify(failure)}`)
  process.exit(1)
}
console.log('\nv2 serves, v3 was rolled back automatically, nothing is left running.')
