// The gates of `pnpm demo`: coverage-gate on the example service's own coverage, security-gate
// on its SBOM, its ESLint SARIF and a shipped sample audit.
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runAction } from '../../tests/harness/run-action.js'
import { repoRoot } from '../lib/action-yml.js'
import { cycloneDx } from '../sbom.js'
import { heading, show, type Demo } from './demo.js'

export async function coverage(demo: Demo): Promise<void> {
  const { work, node, rows } = demo
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

export async function security(demo: Demo): Promise<void> {
  const { work, node, rows } = demo
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
