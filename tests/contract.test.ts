// The public interface of every action (the names README.md and action-docs/ publish): users'
// workflows depend on these names, so a rename or a removal fails here before it can reach a release. New inputs are fine; missing ones are not.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { parseActionYml, readActionYml, repoRoot } from '../tools/lib/action-yml.js'
import { lintActionYml } from '../tools/lib/lint-action-yml.js'

const PROVIDER_INPUTS = [
  'provider',
  'state-dir',
  'blue-url',
  'green-url',
  'public-url',
  'health-path',
  'deploy-command',
  'stop-command',
  'nginx-include',
  'nginx-test-command',
  'nginx-reload-command',
  'switch-command',
  'kubernetes-service',
  'kubernetes-namespace',
  'kubernetes-context',
  'kubernetes-deployment',
  'kubernetes-color-label',
  'kubernetes-image',
  'kubernetes-container',
  'kubernetes-replicas',
  'prometheus-url',
  'prometheus-token',
  'metrics',
  'metrics-interval',
  'metrics-failure-limit',
  'environment',
  'github-token',
]

const CONTRACT: Record<string, { inputs: string[]; outputs: string[] }> = {
  'coverage-gate': {
    inputs: [
      'reports',
      'format',
      'min-line',
      'min-branch',
      'min-patch',
      'max-drop',
      'baseline',
      'base-ref',
      'path-fixes',
      'exclude',
      'expected-reports',
      'comment',
      'annotate',
      'fail',
      'github-token',
      'working-directory',
      'post-comment',
    ],
    outputs: [
      'line-coverage',
      'branch-coverage',
      'patch-coverage',
      'delta',
      'lines-covered',
      'lines-total',
      'passed',
      'report-json',
      'comment-file',
    ],
  },
  'security-gate': {
    inputs: [
      'reports',
      'fail-on-severity',
      'unknown-severity',
      'require',
      'allow-licenses',
      'deny-licenses',
      'fail-on-unknown-license',
      'ignore-file',
      'baseline',
      'sarif-output',
      'comment',
      'fail',
      'github-token',
      'pr-exceptions',
      'post-comment',
    ],
    outputs: [
      'passed',
      'critical',
      'high',
      'medium',
      'low',
      'findings',
      'license-violations',
      'gates',
      'report-json',
      'pr-exceptions-added',
      'comment-file',
    ],
  },
  'health-check': {
    inputs: [
      'url',
      'method',
      'headers',
      'body',
      'expected-status',
      'body-contains',
      'body-regex',
      'json-path',
      'json-expected',
      'timeout',
      'interval',
      'deadline',
      'consecutive-successes',
      'duration',
      'rate',
      'max-error-rate',
      'max-p95',
      'max-p99',
      'min-rps',
      'fail',
      'baseline-url',
      'baseline-report',
      'max-slowdown',
      'max-error-increase',
      'min-samples',
    ],
    outputs: ['healthy', 'attempts', 'requests', 'failures', 'error-rate', 'p50', 'p95', 'p99', 'rps', 'report-json'],
  },
  'blue-green-deploy': {
    inputs: [
      ...PROVIDER_INPUTS,
      'action',
      'version',
      'timeout',
      'deadline',
      'duration',
      'rate',
      'max-error-rate',
      'max-p95',
      'expected-status',
      'drain',
      'keep-previous',
      'auto-rollback',
      'lock-timeout',
      'environment-url',
      'dry-run',
      'migrate-command',
      'migrate-timeout',
      'kubernetes-migration-job',
      'compat-window',
      'schema-version-command',
      'migrate-failure-command',
      'max-slowdown',
      'max-error-increase',
      'min-samples',
    ],
    outputs: [
      'active-color',
      'previous-color',
      'version',
      'previous-version',
      'rolled-back',
      'phase',
      'deployment-id',
      'report-json',
    ],
  },
  rollback: {
    inputs: [
      ...PROVIDER_INPUTS,
      'migrate-rollback-command',
      'schema-version-command',
      'to',
      'when',
      'health-report',
      'max-error-rate',
      'max-p95',
      'watch',
      'reason',
      'verify',
      'webhook-url',
    ],
    outputs: ['rolled-back', 'reason', 'active-color', 'restored-version', 'report-json'],
  },
}

describe.each(Object.entries(CONTRACT))('%s action.yml', (name, contract) => {
  const yml = readActionYml(join(repoRoot, 'actions', name))

  it('declares every input and output of the contract', () => {
    expect(Object.keys(yml.inputs)).toEqual(expect.arrayContaining(contract.inputs))
    expect(Object.keys(yml.outputs)).toEqual(expect.arrayContaining(contract.outputs))
  })

  it('passes the action.yml lint', () => {
    const source = readFileSync(join(repoRoot, 'actions', name, 'action.yml'), 'utf8')
    expect(lintActionYml(parse(source) as Record<string, unknown>, yml)).toEqual([])
  })
})

describe('the pipeline policy defaults', () => {
  const inputs = (name: string) => readActionYml(join(repoRoot, 'actions', name)).inputs
  it('are the pipeline policy: 90% coverage, no criticals, 5 s timeouts, p95 < 500 ms, roll back at 5% or 2 s', () => {
    expect(inputs('coverage-gate')['min-line']?.default).toBe('90')
    expect(inputs('security-gate')['fail-on-severity']?.default).toBe('critical')
    expect(inputs('security-gate')['unknown-severity']?.default).toBe('high')
    expect(inputs('health-check')).toMatchObject({
      timeout: { default: '5s' },
      'expected-status': { default: '200-299' },
      'max-error-rate': { default: '1%' },
      'max-p95': { default: '500ms' },
    })
    expect(inputs('rollback')).toMatchObject({ 'max-error-rate': { default: '5%' }, 'max-p95': { default: '2s' } })
    expect(inputs('blue-green-deploy')).toMatchObject({
      'health-path': { default: '/health' },
      'nginx-test-command': { default: 'nginx -t' },
      drain: { default: '30s' },
      'kubernetes-deployment': { default: '{service}-{color}' },
      'kubernetes-color-label': { default: 'color' },
    })
  })
})

describe('lintActionYml', () => {
  it('finds what breaks an action.yml', () => {
    const source = [
      'name: x',
      'description: y',
      'colour: red',
      'inputs:',
      '  Bad_Name:',
      '    description: ""',
      '  needed:',
      '    description: d',
      '    required: true',
      '    default: a',
      '  loose:',
      '    description: d',
      'outputs: {}',
      'runs:',
      '  using: node20',
      '  main: index.js',
    ].join('\n')
    expect(lintActionYml(parse(source) as Record<string, unknown>, parseActionYml(source))).toEqual([
      "unknown top-level key 'colour'",
      "runs.using is 'node20': expected node24",
      "runs.main is 'index.js': expected dist/index.js",
      "input 'Bad_Name' is not kebab-case",
      "input 'Bad_Name' has no description",
      "input 'Bad_Name' is optional without a default: give it one (defaults live in action.yml only)",
      "input 'needed' is required and has a default",
      "input 'loose' is optional without a default: give it one (defaults live in action.yml only)",
      "output 'report-json' is missing: every action writes one",
    ])
  })
})
