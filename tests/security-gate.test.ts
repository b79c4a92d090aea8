// security-gate through its committed bundle: the curated corpus of real scanner reports
// (tests/fixtures/corpus/curated, part of the repository: missing is a failure), the four gates each failing for its reason, licenses, exceptions,
// baselines, the merged SARIF, and hostile report text.
import { afterEach, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Ajv from 'ajv-draft-04'
import { repoRoot } from '../tools/lib/action-yml.js'
import { FakeGitHub } from './harness/github-server.js'
import { runAction } from './harness/run-action.js'

const corpus = resolve(repoRoot, 'tests', 'fixtures', 'corpus', 'curated')
it('has its curated corpus', () => expect(existsSync(corpus)).toBe(true))

const temps: string[] = []
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function workspace(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-sec-'))
  temps.push(dir)
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content))
  }
  return dir
}

function fromCorpus(...paths: string[]): string {
  const dir = workspace({})
  for (const path of paths) cpSync(join(corpus, path), join(dir, path.replace('/', '__')))
  return dir
}

/** npm audit v2 with one critical advisory on lodash, waived by the exceptions in the tests. */
const lodashAudit = {
  auditReportVersion: 2,
  vulnerabilities: {
    lodash: {
      name: 'lodash',
      severity: 'critical',
      via: [
        {
          source: 1,
          title: 'Prototype pollution',
          url: 'https://github.com/advisories/GHSA-p6mc-m468-83gw',
          severity: 'critical',
        },
      ],
      range: '<4.17.21',
      fixAvailable: true,
    },
  },
}

const gate = (dir: string, inputs: Record<string, string>) =>
  runAction('security-gate', { workspace: dir, inputs: { comment: 'off', ...inputs } })

describe('counts per severity equal the scanner’s own totals', () => {
  it.each([
    ['bandit/dd-many-vulns.json', { medium: '155', low: '59', high: '0', critical: '0' }],
    ['npm-audit/dd-npm7-many-vulns.json', { medium: '4', low: '2' }],
    ['npm-audit/dd-npm6-one-vuln.json', { critical: '1' }],
    ['grype/dd-many-vulns-0.24.json', { critical: '2', high: '2', medium: '5' }],
    ['sarif/dd-codeql-output.sarif', { high: '11', medium: '4', low: '57' }],
    ['sarif/trivy-action-config-report.sarif', { high: '5', medium: '1', low: '2' }],
    ['sarif/dd-semgrep-owasp-benchmark.sarif', { medium: '1768' }],
    ['trivy/trivy-action-yaml-cfg.json', { critical: '1' }],
    ['semgrep/dd-semgrep-1.30.0.json', { medium: '5' }],
  ])('%s', async (report, counts) => {
    const dir = fromCorpus(report)
    const { main } = await gate(dir, { reports: '*', 'fail-on-severity': 'none' })
    expect(main.errors).toEqual([])
    expect(main.outputs).toMatchObject(counts)
  })

  it('does not count results the report itself suppressed', async () => {
    const { main } = await gate(fromCorpus('sarif/dd-suppression-test.sarif'), {
      reports: '*',
      'fail-on-severity': 'none',
    })
    expect(main.outputs.findings).toBe('2')
  })

  it('fails no-critical-vulnerabilities on a critical finding', async () => {
    const { main } = await gate(fromCorpus('trivy/trivy-action-yaml-cfg.json'), { reports: '*' })
    expect(main.exitCode).toBe(1)
    expect(JSON.parse(main.outputs.gates ?? '{}')).toMatchObject({ 'no-critical-vulnerabilities': 'failed' })
    expect(main.errors[0]?.message).toContain('no-critical-vulnerabilities: 1 finding at or above critical')
  })

  it('fails dependency-scan closed when npm audit did not run', async () => {
    const { main } = await gate(fromCorpus('npm-audit/dd-npm-error-output.json'), { reports: '*' })
    expect(main.exitCode).toBe(1)
    expect(JSON.parse(main.outputs.gates ?? '{}')).toMatchObject({ 'dependency-scan': 'failed' })
    expect(main.errors[0]?.message).toContain('npm audit did not run: ENOAUDIT')
  })

  it('fails dependency-scan closed on packages pip-audit skipped', async () => {
    const { main } = await gate(fromCorpus('pip-audit/dd-zero-vulns-new.json'), { reports: '*' })
    expect(JSON.parse(main.outputs.gates ?? '{}')).toMatchObject({ 'dependency-scan': 'failed' })
    expect(main.errors[0]?.message).toContain('pip-audit skipped azure-devops')
  })

  it('buckets pip-audit findings, which carry no severity, as unknown-severity says', async () => {
    const { main } = await gate(fromCorpus('pip-audit/dd-many-vulns-new.json'), {
      reports: '*',
      'fail-on-severity': 'none',
    })
    expect(main.outputs).toMatchObject({ high: '7' })
  })

  it('merges the same advisory for the same package reported by two scanners', async () => {
    const lodash = { name: 'lodash', version: '4.17.0', ecosystem: 'npm' }
    const osv = {
      results: [
        {
          source: { path: 'package-lock.json', type: 'lockfile' },
          packages: [
            {
              package: lodash,
              vulnerabilities: [
                { id: 'GHSA-p6mc-m468-83gw', aliases: ['CVE-2020-8203'], summary: 'Prototype pollution' },
              ],
              groups: [{ ids: ['GHSA-p6mc-m468-83gw'], max_severity: '7.4' }],
            },
          ],
        },
      ],
    }
    const audit = {
      auditReportVersion: 2,
      vulnerabilities: {
        lodash: {
          name: 'lodash',
          severity: 'critical',
          via: [{ source: 1, title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-p6mc-m468-83gw' }],
          range: '<4.17.19',
        },
      },
    }
    const { main } = await gate(workspace({ 'osv.json': osv, 'audit.json': audit }), {
      reports: '*.json',
      'fail-on-severity': 'none',
    })
    expect(main.outputs).toMatchObject({ findings: '1', critical: '1', high: '0' })
    expect(main.summary).toContain('npm audit, OSV-Scanner')
  })
})

describe('a report made here by the real scanner', () => {
  it('counts what Debian’s bandit 1.6.2 printed for tests/fixtures/bandit-project (Low 2, Medium 2, High 1)', async () => {
    const dir = workspace({})
    cpSync(join(repoRoot, 'tests', 'fixtures', 'bandit-project'), dir, { recursive: true })
    const { main } = await gate(dir, { reports: 'bandit.json', 'fail-on-severity': 'high' })
    expect(main.outputs).toMatchObject({ high: '1', medium: '2', low: '2', findings: '5' })
    expect(main.exitCode).toBe(1)
    // Bandit quotes the code around each issue (secrets, too): no snippet reaches the log or the summary.
    expect(readFileSync(join(dir, 'bandit.json'), 'utf8')).toContain('subprocess.call(command, shell=True)')
    expect(main.stdout).not.toContain('subprocess.call(command')
    expect(main.summary).not.toContain('subprocess.call(command')
  })
})

describe('ESLint SARIF made here by @microsoft/eslint-formatter-sarif 3.1.0', () => {
  it('counts the 2 errors ESLint 9.39 printed for tests/fixtures/eslint-project and fails sast-scan at high', async () => {
    const dir = workspace({})
    cpSync(join(repoRoot, 'tests', 'fixtures', 'eslint-project'), dir, { recursive: true })
    const { main } = await gate(dir, { reports: 'eslint.sarif', 'fail-on-severity': 'high' })
    expect(main.outputs).toMatchObject({ high: '2', findings: '2' })
    expect(JSON.parse(main.outputs.gates ?? '{}')).toMatchObject({
      'sast-scan': 'failed',
      'no-critical-vulnerabilities': 'failed',
    })
  })
})

describe('gates and policy on reports made here', () => {
  const sarif = (results: object[], extra: object = {}) => ({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'CodeQL', rules: [{ id: 'js/xss', properties: { 'security-severity': '6.1' } }] } },
        results,
        ...extra,
      },
    ],
  })

  it('maps security-severity as GitHub does and gates at fail-on-severity', async () => {
    const result = {
      ruleId: 'js/xss',
      message: { text: 'XSS' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.js' }, region: { startLine: 3 } } }],
    }
    const dir = workspace({ 'code.sarif': sarif([result]) })
    const medium = await gate(dir, { reports: 'code.sarif', 'fail-on-severity': 'medium' })
    expect(medium.main.exitCode).toBe(1)
    expect(medium.main.outputs.medium).toBe('1')
    // The finding itself is an error annotation; the step's failure is the last error.
    expect(medium.main.errors.map((e) => e.properties)).toContainEqual({
      title: 'CodeQL js/xss (medium)',
      file: 'src/a.js',
      line: '3',
    })
    expect(medium.main.errors.at(-1)?.message).toContain('sast-scan: 1 sast findings at or above medium')
    expect((await gate(dir, { reports: 'code.sarif' })).main.exitCode).toBe(0)
  })

  it('waives findings by exception until it expires, then fails; warns about unused ones', async () => {
    const current = [
      'exceptions:',
      '  - id: GHSA-p6mc-m468-83gw',
      '    package: lodash',
      '    reason: not reachable',
      '    expires: 2999-01-01',
      '  - id: GHSA-unused',
      '    reason: old',
      '    expires: 2999-01-01',
      '',
    ].join('\n')
    const dir = workspace({ 'audit.json': lodashAudit, 'ignore.yml': current })
    const waived = await gate(dir, { reports: 'audit.json', 'ignore-file': 'ignore.yml' })
    expect(waived.main.exitCode).toBe(0)
    expect(waived.main.outputs.critical).toBe('0')
    expect(waived.main.warnings.map((w) => w.message)).toContain(
      'The exception for GHSA-unused (ignore-file line 6) matched no finding: remove it',
    )
    writeFileSync(join(dir, 'ignore.yml'), current.replace('2999-01-01', '2020-01-31'))
    const expired = await gate(dir, { reports: 'audit.json', 'ignore-file': 'ignore.yml' })
    expect(expired.main.exitCode).toBe(1)
    expect(expired.main.errors[0]?.message).toContain(
      'the exception for GHSA-p6mc-m468-83gw (ignore-file line 2) expired on 2020-01-31',
    )
    writeFileSync(join(dir, 'ignore.yml'), 'exceptions:\n  - id: GHSA-x\n    expires: 2999-01-01\n')
    const malformed = await gate(dir, { reports: 'audit.json', 'ignore-file': 'ignore.yml' })
    expect(malformed.main.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/ignore\.yml:2: exception without `reason`/),
    ])
  })

  it('gates only on findings not in the baseline', async () => {
    const result = (line: number) => ({
      ruleId: 'js/xss',
      message: { text: 'XSS' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.js' }, region: { startLine: line } } }],
    })
    const dir = workspace({ 'code.sarif': sarif([result(3)]) })
    const before = await gate(dir, { reports: 'code.sarif', 'fail-on-severity': 'medium', fail: 'false' })
    cpSync(before.main.outputs['report-json'] ?? '', join(dir, 'baseline.json'))
    writeFileSync(join(dir, 'code.sarif'), JSON.stringify(sarif([result(3), result(9)])))
    const after = await gate(dir, { reports: 'code.sarif', 'fail-on-severity': 'medium', baseline: 'baseline.json' })
    expect(after.main.outputs.findings).toBe('1')
    expect(after.main.exitCode).toBe(1)
  })

  it('writes one merged SARIF 2.1.0 run with a location and fingerprint for every result', async () => {
    const dir = workspace({
      'code.sarif': sarif([
        {
          ruleId: 'js/xss',
          message: { text: 'XSS' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.js' }, region: { startLine: 3 } } }],
        },
      ]),
      'audit.json': {
        auditReportVersion: 2,
        vulnerabilities: {
          debug: {
            name: 'debug',
            severity: 'high',
            via: [{ source: 1, title: 'ReDoS', url: 'https://github.com/advisories/GHSA-gxpj-cx7g-858c' }],
            range: '<2.6.9',
          },
        },
      },
    })
    const { main } = await gate(dir, {
      reports: '*.sarif, *.json',
      'sarif-output': 'merged.sarif',
      'fail-on-severity': 'none',
    })
    const merged = JSON.parse(readFileSync(join(dir, 'merged.sarif'), 'utf8')) as {
      version: string
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string }> } }
        results: Array<{
          ruleId: string
          level: string
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>
          partialFingerprints: Record<string, string>
        }>
      }>
    }
    expect(main.exitCode).toBe(0)
    expect(merged.version).toBe('2.1.0')
    // The SARIF 2.1.0 schema (rtm.5, as shipped by @microsoft/jest-sarif).
    const schemaFile = join(
      repoRoot,
      'node_modules',
      '@microsoft',
      'jest-sarif',
      'lib',
      'schemas',
      'sarif-2.1.0-rtm.5.json',
    )
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false, logger: false })
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object)
    expect(validate(merged) ? [] : validate.errors).toEqual([])
    expect(merged.runs).toHaveLength(1)
    const [run] = merged.runs
    expect(
      run?.results.map((r) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri]).sort(),
    ).toEqual([
      ['CodeQL/js/xss', 'warning', 'src/a.js'],
      ['npm audit/GHSA-gxpj-cx7g-858c', 'error', 'audit.json'],
    ])
    for (const result of run?.results ?? []) {
      expect(run?.tool.driver.rules.map((rule) => rule.id)).toContain(result.ruleId)
      expect(result.locations[0]?.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1)
      expect(Object.values(result.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}$/)
    }
  })

  it('keeps hostile finding text inert in the log, annotations and summary', async () => {
    const hostile = '::add-mask::x </details> <img src=x onerror=alert(1)> [click](https://evil.example) @octocat'
    const dir = workspace({
      'code.sarif': sarif([
        {
          ruleId: 'js/xss',
          message: { text: hostile },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.js' }, region: { startLine: 1 } } }],
        },
      ]),
    })
    const { main } = await gate(dir, { reports: 'code.sarif', 'fail-on-severity': 'none' })
    expect(main.masks).toEqual([])
    expect(main.summary).not.toMatch(/<img|<\/details>|\]\(https/)
    expect(main.summary).not.toContain('@octocat')
    expect(main.warnings[0]?.message).toContain(':\u200b:add-mask:\u200b:x')
  })
})

describe('security-gate on a pull request', () => {
  it('keeps one sticky comment with the gates, failures first, updated on the next run', async () => {
    const github = await FakeGitHub.start()
    try {
      const repo = { full_name: 'octo-org/shipgate-demo' }
      const event = {
        name: 'pull_request',
        payload: {
          pull_request: {
            number: 9,
            head: { sha: 'a'.repeat(40), repo },
            base: { sha: 'b'.repeat(40), ref: 'main', repo },
          },
        },
      }
      const options = { event, token: github.token, githubApiUrl: github.url }
      const dir = workspace({ 'licenses.json': { 'gpl@1.0.0': { licenses: 'GPL-2.0-only' } } })
      const inputs = { reports: 'licenses.json', 'deny-licenses': 'GPL-2.0-only', comment: 'auto' }
      await runAction('security-gate', { workspace: dir, inputs, ...options })
      writeFileSync(join(dir, 'licenses.json'), JSON.stringify({ 'mit@1.0.0': { licenses: 'MIT' } }))
      const second = await runAction('security-gate', { workspace: dir, inputs, ...options })
      expect(second.main.exitCode).toBe(0)
      const comments = github.comments.get(9) ?? []
      expect(comments).toHaveLength(1)
      expect(comments[0]?.body).toContain('security-gate: passed')
    } finally {
      await github.close()
    }
  })
})

describe('security-gate bad input', () => {
  it.each([
    ['empty.json', '', /^empty\.json: is empty: a scan that wrote nothing proves nothing/],
    ['binary.json', '\u0000\u0001\u0002', /^binary\.json: is a binary file/],
    ['broken.json', '{"runs": [', /^broken\.json: is not valid JSON/],
    ['other.json', '{"hello": "world"}', /^other\.json: is JSON of no format this action reads/],
    ['no-runs.sarif', '{"version": "2.1.0", "runs": []}', /^no-runs\.sarif: is a SARIF log with no runs/],
    ['deep.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`, /^deep\.json: is (not valid JSON|JSON of no format)/],
    [
      'cut.jsonl',
      '{"type":"info","data":"x"}\n{"type":"auditAdvisory","data":{}}\n{"type":"auditSummary","data":{"vul',
      /^cut\.jsonl: line 3 is not valid JSON \(the value never closes: the file is cut short\)/,
    ],
    ['lines.jsonl', '{"a":1}\n{"b":2}\n', /^lines\.jsonl: holds 2 JSON documents one after another, of no format/],
  ])('%s gets one clear error naming the file as the workspace does', async (name, content, message) => {
    const { main } = await gate(workspace({ [name]: content }), { reports: name })
    expect(main.exitCode).toBe(1)
    expect(main.errors).toHaveLength(1)
    expect(main.errors[0]?.message).toMatch(message)
    expect(main.stdout).not.toMatch(/\n\s+at .*\.js:\d+/)
  })
})

describe('security-gate on a pull request that waives its own findings', () => {
  const exception = (expires: string) =>
    `exceptions:\n  - id: GHSA-p6mc-m468-83gw\n    package: lodash\n    reason: not reachable from user input\n    expires: ${expires}\n`

  /** A real repository: the base commit, then the pull request's head commit on top. */
  function repository(
    base: Record<string, string>,
    head: Record<string, string>,
  ): { dir: string; base: string; head: string } {
    const dir = workspace({})
    const run = (...args: string[]) =>
      spawnSync('git', args, {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      }).stdout.trim()
    run('init', '-q', '-b', 'main')
    const commit = (files: Record<string, string>, message: string) => {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
      run('add', '-A')
      run('commit', '-q', '--allow-empty', '-m', message)
      return run('rev-parse', 'HEAD')
    }
    const baseSha = commit(base, 'base')
    const headSha = commit(head, 'pull request')
    writeFileSync(join(dir, 'audit.json'), JSON.stringify(lodashAudit))
    return { dir, base: baseSha, head: headSha }
  }

  const pullRequest = (repo: { base: string; head: string }) => ({
    name: 'pull_request',
    payload: {
      number: 7,
      pull_request: {
        number: 7,
        head: { sha: repo.head, repo: { full_name: 'octo-org/shipgate-demo' } },
        base: { sha: repo.base, ref: 'main', repo: { full_name: 'octo-org/shipgate-demo' } },
      },
    },
  })

  const gateOn = (
    repo: { dir: string; base: string; head: string },
    inputs: Record<string, string> = {},
    event: object = pullRequest(repo),
  ) =>
    runAction('security-gate', {
      workspace: repo.dir,
      event: event as { name: string; payload: object },
      inputs: { comment: 'off', reports: 'audit.json', 'ignore-file': 'ignore.yml', ...inputs },
    })

  it('reports an exception the pull request adds: honoured, but listed first and counted', async () => {
    const repo = repository({ 'README.md': 'app\n' }, { 'ignore.yml': exception('2999-01-01') })
    const { main } = await gateOn(repo)
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toMatchObject({ 'pr-exceptions-added': '1', critical: '0' })
    expect(main.warnings.map((w) => w.message)).toContain(
      'exception GHSA-p6mc-m468-83gw (ignore-file line 2) is added by this pull request and waives GHSA-p6mc-m468-83gw',
    )
    const firstSection = main.summary.split('\n### ')[1] ?? ''
    expect(firstSection).toMatch(/^⚠️ Exceptions this PR adds \(1 finding waived by the pull request itself\)/)
    expect(firstSection).toContain('not reachable from user input')
  })

  it('does not honour it with pr-exceptions: deny, and says why', async () => {
    const repo = repository({ 'README.md': 'app\n' }, { 'ignore.yml': exception('2999-01-01') })
    const { main } = await gateOn(repo, { 'pr-exceptions': 'deny' })
    expect(main.exitCode).toBe(1)
    expect(main.outputs).toMatchObject({ 'pr-exceptions-added': '1', critical: '1' })
    expect(main.errors.at(-1)?.message).toContain('waived only by this pull request, and pr-exceptions is deny')
  })

  it('honours an exception the base already has, silently', async () => {
    const repo = repository({ 'ignore.yml': exception('2999-01-01') }, { 'README.md': 'app\n' })
    const { main } = await gateOn(repo, { 'pr-exceptions': 'deny' })
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toMatchObject({ 'pr-exceptions-added': '0', critical: '0' })
    expect(main.warnings).toEqual([])
    expect(main.summary).not.toContain('Exceptions this PR adds')
  })

  it('counts a lengthened expiry as added', async () => {
    const repo = repository({ 'ignore.yml': exception('2027-01-31') }, { 'ignore.yml': exception('2029-12-31') })
    const { main } = await gateOn(repo, { 'pr-exceptions': 'deny' })
    expect(main.exitCode).toBe(1)
    expect(main.warnings.map((w) => w.message)).toContainEqual(
      expect.stringContaining('is lengthened by this pull request (expires 2027-01-31 → 2029-12-31)'),
    )
  })

  it('behaves as before on a push: no base, nothing is told apart', async () => {
    const repo = repository({ 'README.md': 'app\n' }, { 'ignore.yml': exception('2999-01-01') })
    const { main } = await gateOn(repo, { 'pr-exceptions': 'deny' }, { name: 'push', payload: {} })
    expect(main.exitCode).toBe(0)
    expect(main.outputs['pr-exceptions-added']).toBe('0')
  })

  it('warns once and uses the pull request’s file when the base cannot be read', async () => {
    const repo = repository({ 'README.md': 'app\n' }, { 'ignore.yml': exception('2999-01-01') })
    const { main } = await gateOn(repo, { 'pr-exceptions': 'deny' }, pullRequest({ ...repo, base: 'b'.repeat(40) }))
    expect(main.exitCode).toBe(0)
    expect(main.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /^Could not read ignore-file ignore\.yml as it is at the base commit b{40} \(commit b{40} is not in the clone and could not be fetched\)/,
      ),
    ])
  })

  it('fetches the base into a shallow clone, as actions/checkout leaves it', async () => {
    const origin = repository({ 'README.md': 'app\n' }, { 'ignore.yml': exception('2999-01-01') })
    const clone = workspace({})
    spawnSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, clone])
    writeFileSync(join(clone, 'audit.json'), JSON.stringify(lodashAudit))
    const shallow = { ...origin, dir: clone }
    const { main } = await gateOn(shallow, { 'pr-exceptions': 'deny' })
    expect(main.exitCode).toBe(1)
    expect(main.outputs['pr-exceptions-added']).toBe('1')
  })

  it('reads the base through the contents API when git cannot, and treats a baseline the PR extended the same way', async () => {
    const repo = repository({ 'README.md': 'app\n' }, { 'ignore.yml': 'exceptions: []\n' })
    const before = await gateOn(repo, { 'ignore-file': '', fail: 'false' }, { name: 'push', payload: {} })
    cpSync(before.main.outputs['report-json'] ?? '', join(repo.dir, 'baseline.json'))
    spawnSync('git', ['add', 'baseline.json'], { cwd: repo.dir })
    const github = await FakeGitHub.start()
    try {
      const absentBase = 'c'.repeat(40)
      github.contents.set(`${absentBase}:ignore.yml`, 'exceptions: []\n')
      const { main } = await runAction('security-gate', {
        workspace: repo.dir,
        event: pullRequest({ ...repo, base: absentBase }),
        token: github.token,
        githubApiUrl: github.url,
        inputs: {
          comment: 'off',
          reports: 'audit.json',
          'ignore-file': 'ignore.yml',
          baseline: 'baseline.json',
          'pr-exceptions': 'deny',
        },
      })
      expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining([
          'GET /repos/octo-org/shipgate-demo/contents/ignore.yml',
          'GET /repos/octo-org/shipgate-demo/contents/baseline.json',
        ]),
      )
      expect(main.exitCode).toBe(1)
      expect(main.outputs).toMatchObject({ 'pr-exceptions-added': '1', critical: '1' })
      expect(main.warnings.map((w) => w.message)).toContainEqual(
        'baseline entry is added to the baseline by this pull request and waives GHSA-p6mc-m468-83gw: not honoured until merged (pr-exceptions: deny)',
      )
    } finally {
      await github.close()
    }
  })
})

describe('security-gate posting a fork’s comment from a workflow_run workflow', () => {
  const head = 'a'.repeat(40)
  const event = (pullRequests: number[]) => ({
    name: 'workflow_run',
    payload: {
      workflow_run: {
        head_sha: head,
        head_branch: 'patch-1',
        head_repository: { owner: { login: 'contributor' } },
        pull_requests: pullRequests.map((number) => ({ number })),
      },
    },
  })
  const bundle = (overrides: Record<string, unknown> = {}) => ({
    kind: 'shipgate/comment',
    version: 1,
    action: 'security-gate',
    marker: '<!-- shipgate:security-gate:security/scan -->',
    headSha: head,
    pullRequest: 12,
    body: '## ✅ security-gate: passed\n\n| gate | state |\n| --- | --- |\n| sast-scan | passed |\n',
    ...overrides,
  })

  async function post(content: object | string, pullRequests: number[] = [12]) {
    const github = await FakeGitHub.start()
    try {
      github.pulls.push({ number: 12, state: 'open', head: { sha: head, label: 'contributor:patch-1' } })
      const dir = workspace({ 'comment.json': content })
      const { main } = await runAction('security-gate', {
        workspace: dir,
        inputs: { 'post-comment': 'comment.json' },
        token: github.token,
        githubApiUrl: github.url,
        event: event(pullRequests),
      })
      return {
        main,
        comments: [...github.comments.entries()],
        posts: github.requests.filter((r) => r.method !== 'GET'),
      }
    } finally {
      await github.close()
    }
  }

  it('posts to the pull request of the event, found by its head commit when the event lists none', async () => {
    const { main, comments } = await post(bundle(), [])
    expect(main.exitCode).toBe(0)
    expect(comments.map(([pr, list]) => [pr, list.map((c) => c.body.split('\n')[0])])).toEqual([
      [12, ['<!-- shipgate:security-gate:security/scan -->']],
    ])
  })

  it('sends a bundle that names another pull request to the event’s own, and says so', async () => {
    const { main, comments } = await post(bundle({ pullRequest: 1 }))
    expect(main.exitCode).toBe(0)
    expect(comments.map(([pr]) => pr)).toEqual([12])
    expect(main.warnings.map((w) => w.message)).toContain(
      'The bundle names pull request #1; the comment goes to #12, the pull request of the event',
    )
  })

  it('keeps untrusted body text inert: no HTML, no hidden marker, no mention', async () => {
    const hostile = '<img src=x onerror=alert(1)> <!-- shipgate:security-gate:other --> ping @octocat\n::add-mask::x'
    const { comments, main } = await post(bundle({ body: hostile }))
    expect(main.exitCode).toBe(0)
    const body = comments[0]?.[1][0]?.body ?? ''
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(body.match(/<!--/g)).toHaveLength(1)
    expect(body).toContain('@\u200boctocat')
    expect(main.stdout).not.toMatch(/^::add-mask::x/m)
  })

  it.each<[string, object | string, RegExp]>([
    [
      'a bundle for another head commit',
      bundle({ headSha: 'b'.repeat(40) }),
      /comment\.json: was made for commit b{40}, but the workflow run this event reports is for a{40}: refused/,
    ],
    [
      'an oversized body',
      bundle({ body: 'x'.repeat(70_000) }),
      /comment\.json: has a body of 70000 characters, over GitHub's 65536/,
    ],
    [
      'a foreign marker',
      bundle({ marker: '<!-- shipgate:coverage-gate:ci/gate -->' }),
      /comment\.json: has a marker that is not security-gate's own/,
    ],
    ['a malformed bundle', '{"kind": "shipgate/comment", ', /comment\.json: is not valid JSON/],
    ['something else entirely', { hello: 'world' }, /comment\.json: is not a comment bundle/],
  ])('refuses %s with one clear error, posting nothing', async (_, content, message) => {
    const { main, posts } = await post(content)
    expect(main.exitCode).toBe(1)
    expect(main.errors.map((e) => e.message)).toEqual([expect.stringMatching(message)])
    expect(posts).toEqual([])
  })
})

describe('security-gate paths as a person reads them', () => {
  it('names reports relative to the workspace in the log, the summary and report-json', async () => {
    const dir = workspace({ 'audit.json': { auditReportVersion: 2, vulnerabilities: {} } })
    const { main } = await gate(dir, { reports: 'audit.json' })
    expect(main.exitCode).toBe(0)
    expect(main.stdout).toContain('audit.json: npm audit, 0 findings')
    const reportJson = readFileSync(main.outputs['report-json'] ?? '', 'utf8')
    expect(reportJson).toContain('"file":"audit.json"')
    for (const text of [main.summary, reportJson, main.stdout]) expect(text).not.toContain(dir)
  })
})

describe('real reports committed in public repositories (tests/fixtures/corpus/real)', () => {
  const real = (path: string) => {
    const dir = workspace({})
    cpSync(join(repoRoot, 'tests', 'fixtures', 'corpus', 'real', 'security', path), join(dir, 'report.json'))
    return dir
  }

  // Every scanner report of the corpus, against the scanner's own counts, worked out from each
  // file by its tool's rules (never from our adapters): severities as the tool names them, unknown
  // ones bucketed high (unknown-severity's default), SARIF by security-severity as GitHub maps
  // it (≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low), else by level (error high, warning medium,
  // note low), suppressed results left out.
  it.each([
    // results[].issue_severity: MEDIUM 36, LOW 11 (metrics._totals says the same).
    ['bandit-json-self-scan/dd.json', { critical: '0', high: '0', medium: '36', low: '11', findings: '47' }],
    // matches[].vulnerability.severity: Critical 1, High 18, null 1, Medium 13, Low 2.
    ['grype-json-0.96.0/issue_9618.json', { critical: '1', high: '19', medium: '13', low: '2', findings: '35' }],
    // advisories: moderate 5, high 1. npm 6's metadata (14 moderate, 4 high) counts each advisory
    // once per dependency path; npm 7 and later count per package, as the gate does.
    ['npm-audit-v6-paths/multiple_cwes2.json', { critical: '0', high: '1', medium: '5', low: '0', findings: '6' }],
    // vulnerabilities{}.severity: moderate 6 (metadata.vulnerabilities: moderate 6, total 6).
    ['npm-audit-v7-via-chains/npm-audit.json', { high: '0', medium: '6', findings: '6' }],
    // yarn 1 JSON lines: auditAdvisory lines low 27, moderate 17, high 1, as its auditSummary counts
    // them (one line per advisory and dependency path; 8 advisories).
    ['yarn1-audit-summary-per-path/yarn1.jsonl', { critical: '0', high: '1', medium: '17', low: '27', findings: '45' }],
    // One auditAdvisory line, moderate; no summary.
    ['yarn1-known-issues-ghsa/yarn-audit-known-issues', { high: '0', medium: '1', findings: '1' }],
    // yarn 4 JSON lines, children.Severity: high 2, moderate 3, critical 1.
    ['yarn-berry-4-ndjson/yarn-audit-report.ndjson', { critical: '1', high: '2', medium: '3', findings: '6' }],
    // advisories: high 5, moderate 3 (metadata.vulnerabilities says the same).
    ['yarn-3-npm-audit/yarn3.json', { critical: '0', high: '5', medium: '3', findings: '8' }],
    // advisories: high 1 (metadata.vulnerabilities: high 1).
    ['pnpm-audit-high/pnpm-output.json', { critical: '0', high: '1', findings: '1' }],
    // One finding per alias group, as osv-scanner's table prints them: 21 groups, max_severity
    // blank in 18 (unknown), 7.5, 4.4 and 5.3 in the others.
    [
      'osv-scanner-go-mod-blank-max-severity/raw-results.json',
      { critical: '0', high: '19', medium: '2', findings: '21' },
    ],
    // dependencies[].vulns: 11, none with a severity.
    ['pip-audit-json-current-format/pip-audit.json', { high: '11', findings: '11' }],
    // No security-severity; levels warning 2, note 1.
    ['sarif-bandit-1.8.6-no-level/bandit-report.sarif', { high: '0', medium: '2', low: '1', findings: '3' }],
    // Rules in tool.extensions: security-severity 8.1, 8.1, 7.5, 7.5, 5.0.
    ['sarif-codeql-2.12.2-rules-in-extensions/javascript.sarif', { high: '4', medium: '1', findings: '5' }],
    // 1191 results, 1186 of them suppressed in source; 5 warnings.
    ['sarif-eslint-8.46-insource-suppressions/eslint-results.sarif', { high: '0', medium: '5', findings: '5' }],
    // Levels error 2, warning 5.
    ['sarif-gosec-dev/gosec.sarif', { high: '2', medium: '5', findings: '7' }],
    // security-severity 9.8 ×1, 7.8 ×6, 7.5 ×5, 6.5, 6.1 ×2, 5.3, 2.1 ×6.
    ['sarif-grype-0.34.7/cxf-3.4.6.sarif', { critical: '1', high: '11', medium: '4', low: '6', findings: '22' }],
    // Levels error 3.
    ['sarif-kics-2.1.8-kind-fail/kics-output.json.sarif', { high: '3', findings: '3' }],
    // Eight runs; security-severity 8.7 ×4, 6.9, 2.3 ×2.
    ['sarif-snyk-container-multirun/snyk.sarif', { high: '4', medium: '1', low: '2', findings: '7' }],
    // results[].extra.severity: ERROR 13 (high), WARNING 35 (medium).
    ['semgrep-json-no-version/many_vulns.json', { high: '13', medium: '35', findings: '48' }],
    // Secrets CRITICAL 2; a vulnerability and a failed misconfiguration HIGH; a vulnerability MEDIUM.
    [
      'trivy-json-misconfig-secrets/misconfigurations_and_secrets.json',
      { critical: '2', high: '2', medium: '1', findings: '5' },
    ],
  ])('%s: the scanner’s own counts', async (path, counts) => {
    const { main } = await gate(real(path), { reports: 'report.json', 'fail-on-severity': 'none' })
    expect(main.errors).toEqual([])
    expect(main.outputs).toMatchObject(counts)
  })

  // Licence inventories: every package the tool lists (CycloneDX components nested included).
  it.each([
    ['cyclonedx-npm-1.6-nested/bom.1.6.json', 52],
    ['cyclonedx-trivy-1.7-multi-licence/fluentd-multiple-lockfiles.cdx.json.golden', 161],
    ['license-checker-utf16-windows/license-checker.json', 801],
    ['spdx-syft-1.42-and-expressions/sbom.spdx.json', 63],
  ])('%s: every one of its %i packages is judged', async (path, packages) => {
    const { main } = await gate(real(path), { reports: 'report.json' })
    expect(main.errors).toEqual([])
    expect(main.stdout).toMatch(new RegExp(`report\\.json: [\\w-]+, 0 findings, ${packages} licenses`))
  })

  // Counts worked out from the file itself: Severity per vulnerability (LOW 65, HIGH 18, MEDIUM 9,
  // UNKNOWN 1, bucketed high by unknown-severity's default).
  it('reads Trivy’s legacy top-level array (Trivy before 0.20)', async () => {
    const { main } = await gate(real('trivy-json-legacy-list/legacy_many_vulns.json'), {
      reports: 'report.json',
      'fail-on-severity': 'none',
    })
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toMatchObject({ critical: '0', high: '19', medium: '9', low: '65', findings: '93' })
  })

  // Semgrep's SARIF gives security-severity as words: 34 CRITICAL (level error), 1 HIGH, 42 MEDIUM.
  it('reads security-severity given as words, as Semgrep writes it', async () => {
    const { main } = await gate(real('sarif-semgrep-1.69.0/issue_10191.json'), { reports: 'report.json' })
    expect(main.outputs).toMatchObject({ critical: '34', high: '1', medium: '42', low: '0' })
    expect(main.exitCode).toBe(1)
  })

  // Trivy's several entries per package are all in force: 31 packages carry GPL-3.0-only or
  // GPL-3.0-or-later (counted from the file's entries by id), libunistring2 among them beside
  // two free-text names. A free-text entry must not turn a denied package into an unknown one.
  it('a denied licence beside a free-text one is still a violation (Trivy CycloneDX 1.7)', async () => {
    const { main } = await gate(real('cyclonedx-trivy-1.7-multi-licence/fluentd-multiple-lockfiles.cdx.json.golden'), {
      reports: 'report.json',
      'deny-licenses': 'GPL-3.0-only, GPL-3.0-or-later',
    })
    expect(main.outputs['license-violations']).toBe('31')
    expect(main.exitCode).toBe(1)
    const reportJson = readFileSync(main.outputs['report-json'] ?? '', 'utf8')
    expect(reportJson).toContain('libunistring2')
  })

  // cyclonedx-npm's BOM of a package with bundled dependencies: 2 top-level components, 50 nested
  // under one of them; CC-BY-3.0 appears only nested (once alone, once in `(MIT AND CC-BY-3.0)`).
  it('walks nested CycloneDX components, so a denied licence deep in the tree still fails', async () => {
    const { main } = await gate(real('cyclonedx-npm-1.6-nested/bom.1.6.json'), {
      reports: 'report.json',
      'deny-licenses': 'CC-BY-3.0',
    })
    expect(main.outputs['license-violations']).toBe('2')
    expect(main.exitCode).toBe(1)
    const reportJson = JSON.parse(readFileSync(main.outputs['report-json'] ?? '', 'utf8')) as {
      reports: Array<{ tool: string }>
    }
    expect(reportJson.reports.map((report) => report.tool)).toEqual(['CycloneDX'])
  })

  // syft's SPDX of a directory: 63 packages, 231 relationships, every element they name held in
  // the document. Split as SBOM tools split them (one package left to another document, named
  // DocumentRef-…:SPDXRef-…), the licence of that package must be judged or the gate must fail.
  describe('SPDX packages reached only through relationships', () => {
    type Spdx = {
      packages: Array<{ SPDXID: string; name: string; licenseConcluded?: string }>
      relationships: Array<Record<string, string>>
      [key: string]: unknown
    }
    const original = () =>
      JSON.parse(
        readFileSync(
          join(repoRoot, 'tests/fixtures/corpus/real/security/spdx-syft-1.42-and-expressions/sbom.spdx.json'),
          'utf8',
        ),
      ) as Spdx
    const split = () => {
      const main = original()
      const related = new Set(main.relationships.map((r) => r.relatedSpdxElement))
      const moved = main.packages.find((pkg) => related.has(pkg.SPDXID))
      if (!moved) throw new Error('the fixture relates no package')
      main.packages = main.packages.filter((pkg) => pkg !== moved)
      const namespace = 'https://example.com/spdx/vendored-1'
      main.externalDocumentRefs = [
        {
          externalDocumentId: 'DocumentRef-vendored',
          spdxDocument: namespace,
          checksum: { algorithm: 'SHA1', checksumValue: '0'.repeat(40) },
        },
      ]
      main.relationships = main.relationships.map((r) =>
        r.relatedSpdxElement === moved.SPDXID
          ? { ...r, relatedSpdxElement: `DocumentRef-vendored:${moved.SPDXID}` }
          : r,
      )
      const other = {
        spdxVersion: 'SPDX-2.3',
        dataLicense: 'CC0-1.0',
        SPDXID: 'SPDXRef-DOCUMENT',
        name: 'vendored',
        documentNamespace: namespace,
        packages: [{ ...moved, licenseConcluded: 'GPL-3.0-only' }],
      }
      return { main, other, moved }
    }

    it('reads the whole document as syft wrote it: nothing unheld', async () => {
      const { main } = await gate(workspace({ 'sbom.json': original() }), { reports: 'sbom.json' })
      expect(main.exitCode).toBe(0)
      expect(main.summary).not.toContain('not among the reports')
      expect(main.summary).not.toContain('does not hold')
    })

    it('fails the licence gate when a related package lives in a document not given', async () => {
      const { main: document } = split()
      const { main } = await gate(workspace({ 'sbom.json': document }), { reports: 'sbom.json' })
      expect(main.exitCode).toBe(1)
      expect(main.summary).toContain('| license-compliance | ❌ failed |')
      expect(main.summary).toContain('relates to 1 package that other SPDX documents describe')
    })

    it('judges that package when its document is given too', async () => {
      const { main: document, other, moved } = split()
      const { main } = await gate(workspace({ 'sbom.json': document, 'vendored.json': other }), {
        reports: 'sbom.json, vendored.json',
        'deny-licenses': 'GPL-3.0-only',
      })
      expect(main.outputs['license-violations']).toBe('1')
      expect(main.summary).toContain(moved.name)
      expect(main.summary).not.toContain('not among the reports')
    })

    it('fails on a relationship to an element the document does not hold', async () => {
      const document = original()
      document.packages = document.packages.slice(1)
      const { main } = await gate(workspace({ 'sbom.json': document }), { reports: 'sbom.json' })
      expect(main.exitCode).toBe(1)
      expect(main.summary).toMatch(/relationships name \d+ elements? the document does not hold/)
    })
  })

  // license-checker's JSON redirected by PowerShell: UTF-16LE with a byte order mark, 801 packages,
  // one of them Python-2.0.
  it('decodes UTF-16 JSON by its byte order mark instead of calling it binary', async () => {
    const { main } = await gate(real('license-checker-utf16-windows/license-checker.json'), {
      reports: 'report.json',
      'deny-licenses': 'Python-2.0',
    })
    expect(main.errors.map((e) => e.message).join('\n')).not.toContain('binary')
    expect(main.outputs['license-violations']).toBe('1')
    expect(main.summary).toContain('| license-compliance | ❌ failed |')
  })
})

describe('yarn’s and pnpm’s audits as their users commit and pipe them', () => {
  const yarn1 = readFileSync(
    join(repoRoot, 'tests/fixtures/corpus/real/security/yarn1-audit-summary-per-path/yarn1.jsonl'),
    'utf8',
  )
  const lines = yarn1.split('\n').filter((line) => line !== '')

  it('pretty-printed (jq . of the real JSON lines) reads as the lines do, the summary’s counts beside the gate’s', async () => {
    const pretty = lines.map((line) => JSON.stringify(JSON.parse(line), null, 2)).join('\n')
    const { main } = await gate(workspace({ 'yarn-audit.json': `${pretty}\n` }), { reports: 'yarn-audit.json' })
    expect(main.errors).toEqual([])
    expect(main.outputs).toMatchObject({ critical: '0', high: '1', medium: '17', low: '27', findings: '45' })
    expect(main.stdout).toContain(
      'yarn-audit.json: yarn audit, 45 findings, 0 licenses; yarn states 45 vulnerabilities (1 high, 17 moderate, 27 low) in 29350 dependencies',
    )
    expect(main.summary).toMatch(
      /\| yarn-audit\.json \| yarn audit \| dependency \| 45 \\\(yarn states 45 vulnerabilities/,
    )
  })

  it('a summary kept without its advisories (grep auditSummary) fails the dependency scan and says why', async () => {
    const summary = lines.filter((line) => line.includes('"auditSummary"')).join('\n')
    const { main } = await gate(workspace({ 'yarn-audit.json': summary }), {
      reports: 'yarn-audit.json',
      'fail-on-severity': 'none',
    })
    expect(main.exitCode).toBe(1)
    expect(main.outputs).toMatchObject({ findings: '0', passed: 'false' })
    expect(JSON.parse(main.outputs.gates ?? '{}')).toMatchObject({ 'dependency-scan': 'failed' })
    expect(main.stdout).toContain(
      'its auditSummary states 45 vulnerabilities (1 high, 17 moderate, 27 low) but its advisory lines count 0 high, 0 medium, 0 low',
    )
  })

  it('the real audit cut short in its twentieth line is an error naming that line, never a shorter pass', async () => {
    const cut = `${lines.slice(0, 19).join('\n')}\n${lines[19]?.slice(0, 500)}`
    const { main } = await gate(workspace({ 'yarn-audit.json': cut }), { reports: 'yarn-audit.json' })
    expect(main.exitCode).toBe(1)
    expect(main.errors.map((error) => error.message)).toEqual([
      expect.stringMatching(
        /^yarn-audit\.json: line 20 is not valid JSON \(the value never closes: the file is cut short\)/,
      ),
    ])
  })

  it('yarn 4’s lines gate by the severities yarn states: its critical minimist fails the default gate', async () => {
    const { main } = await gate(
      workspace({
        'audit.ndjson': readFileSync(
          join(repoRoot, 'tests/fixtures/corpus/real/security/yarn-berry-4-ndjson/yarn-audit-report.ndjson'),
          'utf8',
        ),
      }),
      { reports: 'audit.ndjson' },
    )
    expect(main.exitCode).toBe(1)
    expect(JSON.parse(main.outputs.gates ?? '{}')).toMatchObject({ 'no-critical-vulnerabilities': 'failed' })
    expect(main.summary).toContain(
      '| critical | GHSA-xvch-5gv4-984h | minimist@​1.2.5 | yarn npm audit | Prototype Pollution in minimist',
    )
  })
})
