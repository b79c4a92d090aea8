// Every committed bundle, run as the runner runs it: missing and malformed inputs end in exactly
// one `::error::` naming the input and the accepted form; no stack trace, no hang, no pass.
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { actionNames, readActionYml, repoRoot } from '../tools/lib/action-yml.js'
import { ensureNode24 } from '../tools/node24.js'
import { runAction, type StepResult } from './harness/run-action.js'
import { parseStdout } from './harness/workflow-commands.js'

function expectOneCleanError(step: StepResult | { exitCode: number | null; stdout: string; stderr: string }): string {
  const errors = parseStdout(step.stdout).commands.filter((command) => command.name === 'error')
  expect(step.exitCode).toBe(1)
  expect(errors).toHaveLength(1)
  expect(step.stdout).not.toMatch(/\n\s+at .*\.js:\d+/)
  expect(step.stderr).toBe('')
  return errors[0]?.message ?? ''
}

describe.each(actionNames())('%s bundle', (name) => {
  const yml = readActionYml(join(repoRoot, 'actions', name))
  const firstRequired = Object.entries(yml.inputs).find(([, spec]) => spec.required)?.[0]

  it('declares runs.using node24 with the committed dist as main', () => {
    expect(yml.runs.using).toBe('node24')
    expect(yml.runs.main).toBe('dist/index.js')
  })

  it('run bare under Node 24 with no inputs at all, exits 1 with one error naming an input', () => {
    const bare = spawnSync(ensureNode24(), [join(repoRoot, 'actions', name, 'dist', 'index.js')], {
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    const message = expectOneCleanError({ exitCode: bare.status, stdout: bare.stdout, stderr: bare.stderr })
    expect(message).toMatch(/^Input '[a-z-]+' is required: expected .+/)
    if (firstRequired) expect(message).toContain(`Input '${firstRequired}' is required`)
  })

  it('run by the runner with only the action.yml defaults, names the missing required input', async () => {
    const { main } = await runAction(name)
    const message = expectOneCleanError(main)
    expect(message).toEqual(
      firstRequired === undefined
        ? expect.stringMatching(/^working-directory .* is not inside a git checkout|is not implemented yet$/)
        : expect.stringContaining(`Input '${firstRequired}' is required: expected`),
    )
  })
})

/** The bad-input corpus: [action, inputs, the input the error must name, a phrase of the accepted form]. */
const BAD_INPUTS: Array<[string, Record<string, string>, string, string]> = [
  ['coverage-gate', { 'min-line': 'abc' }, 'min-line', 'a percentage between 0 and 100'],
  ['coverage-gate', { 'min-line': '120' }, 'min-line', 'a percentage between 0 and 100'],
  ['coverage-gate', { 'min-branch': '-5' }, 'min-branch', 'a percentage'],
  ['coverage-gate', { format: 'xml' }, 'format', "one of 'auto', 'cobertura'"],
  ['coverage-gate', { 'max-drop': '2' }, 'baseline', 'because max-drop is set'],
  ['coverage-gate', { 'path-fixes': 'no-separator-here' }, 'path-fixes', 'a `before::after` rewrite'],
  ['coverage-gate', { 'expected-reports': '0' }, 'expected-reports', 'a whole number of at least 1'],
  ['coverage-gate', { 'expected-reports': '2.5' }, 'expected-reports', 'a whole number'],
  ['coverage-gate', { comment: 'always' }, 'comment', "one of 'auto', 'new', 'off'"],
  ['coverage-gate', { fail: 'yes' }, 'fail', 'true or false'],
  ['security-gate', { reports: 'x.sarif', 'fail-on-severity': 'severe' }, 'fail-on-severity', "one of 'critical'"],
  ['security-gate', { reports: 'x.sarif', require: 'dependency, dast' }, 'require', "'container'"],
  ['security-gate', { reports: 'x.sarif', 'unknown-severity': 'none' }, 'unknown-severity', "one of 'critical'"],
  ['security-gate', { reports: ' ,\n ' }, 'reports', 'one or more values'],
  ['health-check', { url: 'not a url' }, 'url', 'an absolute http:// or https:// URL'],
  ['health-check', { url: 'ftp://example.com/health' }, 'url', 'an absolute http:// or https:// URL'],
  ['health-check', { url: 'http://127.0.0.1/health', timeout: '-1' }, 'timeout', 'a duration such as 500ms'],
  ['health-check', { url: 'http://127.0.0.1/health', timeout: '0' }, 'timeout', 'greater than 0'],
  ['health-check', { url: 'http://127.0.0.1/health', duration: '10s', rate: '0' }, 'rate', 'because duration is set'],
  ['health-check', { url: 'http://127.0.0.1/health', 'body-regex': '([' }, 'body-regex', 'regular expression'],
  ['health-check', { url: 'http://127.0.0.1/health', 'json-path': 'status' }, 'json-path', 'a JSON path'],
  ['health-check', { url: 'http://127.0.0.1/health', 'json-path': '$.status' }, 'json-expected', 'because json-path'],
  ['health-check', { url: 'http://127.0.0.1/health', 'max-error-rate': 'abc%' }, 'max-error-rate', 'a percentage'],
  ['health-check', { url: 'http://127.0.0.1/health', 'expected-status': '600' }, 'expected-status', '100 to 599'],
  ['health-check', { url: 'http://127.0.0.1/health', headers: 'NoColonHere' }, 'headers', '`Name: value`'],
  ['health-check', { url: 'http://127.0.0.1/health', method: 'FETCH' }, 'method', "one of 'GET'"],
  ['blue-green-deploy', { provider: 'k8s', 'state-dir': '/tmp/s' }, 'provider', "one of 'nginx', 'command'"],
  ['blue-green-deploy', { provider: 'nginx', 'state-dir': '/tmp/s' }, 'nginx-include', 'because provider is nginx'],
  [
    'blue-green-deploy',
    { provider: 'command', 'state-dir': '/tmp/s' },
    'switch-command',
    'because provider is command',
  ],
  [
    'blue-green-deploy',
    { provider: 'command', 'state-dir': '/tmp/s', 'switch-command': 'true' },
    'version',
    'because action is deploy',
  ],
  [
    'blue-green-deploy',
    { provider: 'command', 'state-dir': '/tmp/s', 'switch-command': 'true', drain: '-5s' },
    'drain',
    'a duration',
  ],
  [
    'blue-green-deploy',
    { provider: 'command', 'state-dir': '/tmp/s', 'switch-command': 'true', 'blue-url': 'localhost:8080' },
    'blue-url',
    'an absolute http:// or https:// URL',
  ],
  [
    'blue-green-deploy',
    { provider: 'nginx', 'state-dir': '/tmp/s', 'nginx-include': '/tmp/a.conf', 'health-path': 'health' },
    'health-path',
    'a URL path',
  ],
  [
    'rollback',
    { provider: 'command', 'state-dir': '/tmp/s', 'switch-command': 'true', when: 'sometimes' },
    'when',
    "'always'",
  ],
  [
    'rollback',
    { provider: 'command', 'state-dir': '/tmp/s', 'switch-command': 'true', 'max-p95': 'fast' },
    'max-p95',
    'a duration',
  ],
  [
    'rollback',
    { provider: 'command', 'state-dir': '/tmp/s', 'switch-command': 'true', when: 'triggered' },
    'health-report',
    'because when is triggered',
  ],
]

describe('the bad-input corpus', () => {
  it.each(BAD_INPUTS)('%s with %j names %s', async (action, inputs, inputName, accepted) => {
    const { main } = await runAction(action, { inputs })
    const message = expectOneCleanError(main)
    expect(message).toMatch(new RegExp(`^Input '${inputName}' is`))
    // The log breaks every `::` with a zero-width space (no workflow command can form); a reader sees none.
    expect(message.replaceAll('\u200b', '')).toContain(accepted)
  })

  it('does not echo a malformed secret webhook URL, and masks it', async () => {
    const secret = 'hooks-example-T000-B000-XXXXXXXX'
    const { main } = await runAction('rollback', {
      inputs: { provider: 'command', 'state-dir': '/tmp/s', 'switch-command': 'true', 'webhook-url': secret },
    })
    const message = expectOneCleanError(main)
    expect(message).toBe(
      "Input 'webhook-url' is '***': expected an absolute http:// or https:// URL, e.g. https://example.com/health",
    )
    expect(main.masks).toContain(secret)
    expect(main.visible).not.toContain(secret)
  })
})
