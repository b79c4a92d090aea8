// coverage-gate through its committed bundle, on reports written by the real tools (coverage.py,
// gcovr, c8, go test; see tests/fixtures/coverage-project/reports/EXPECTED.md) in real git repos.
import { afterEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../tools/lib/action-yml.js'
import { checkoutOf, git, pullRequestAdding, type PullRequestEvent } from './harness/git-checkout.js'
import { FakeGitHub } from './harness/github-server.js'
import { runAction, type RunOptions } from './harness/run-action.js'

const project = join(repoRoot, 'tests', 'fixtures', 'coverage-project')
const temps: string[] = []
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A git checkout of the fixture project, as actions/checkout leaves it, with the reports in it. */
const checkout = (from = project) => checkoutOf(from, temps)

function gate(workspace: string, inputs: Record<string, string>, options: RunOptions = {}) {
  return runAction('coverage-gate', { workspace, inputs: { 'min-line': '0', comment: 'off', ...inputs }, ...options })
}

const pct2 = (covered: number, total: number) => String(Math.round((covered / total) * 10_000) / 100)

describe('coverage-gate totals equal what the producing tool printed', () => {
  it.each([
    ['reports/coveragepy.xml', 'cobertura', 18, 23, 5, 8],
    ['reports/coveragepy.lcov', 'lcov', 18, 23, 5, 8],
    ['reports/gcovr.xml', 'cobertura', 9, 12, 3, 4],
    ['reports/c8.lcov.info', 'lcov', 9, 14, 4, 5],
    ['reports/c8-coverage-final.json', 'istanbul', 9, 14, 4, 5],
    ['reports/c8-clover.xml', 'clover', 9, 14, 4, 5],
    ['reports/c8-cobertura.xml', 'cobertura', 9, 14, 4, 5],
    ['reports/go.coverprofile', 'go', 2, 4, 0, 0],
  ])(
    '%s (%s): %i of %i lines, %i of %i branches',
    async (report, format, covered, total, branchesCovered, branches) => {
      const { main } = await gate(checkout(), { reports: report })
      expect(main.errors).toEqual([])
      expect(main.exitCode).toBe(0)
      expect(main.outputs).toMatchObject({
        'lines-covered': String(covered),
        'lines-total': String(total),
        'line-coverage': pct2(covered, total),
        'branch-coverage': branches === 0 ? '' : pct2(branchesCovered, branches),
        passed: 'true',
      })
      expect(main.stdout).toContain(`: ${format}, `)
    },
  )

  it('reads coverage-summary.json totals', async () => {
    const { main } = await gate(checkout(), { reports: 'reports/c8-coverage-summary.json' })
    expect(main.outputs).toMatchObject({ 'lines-covered': '9', 'lines-total': '14', 'line-coverage': '64.29' })
  })
})

describe('coverage-gate merging and rules', () => {
  it('merges a Windows Cobertura leg and a Linux LCOV leg into the union', async () => {
    const workspace = checkout()
    const single = await gate(workspace, { reports: 'reports/leg-windows-test_classify.xml' })
    const union = await gate(workspace, {
      reports: 'reports/leg-windows-test_classify.xml, reports/leg-linux-test_div.lcov',
      'expected-reports': '2',
    })
    expect(Number(single.main.outputs['lines-covered'])).toBeLessThan(18)
    // Lines union exactly across formats; branch identities differ between Cobertura and LCOV.
    expect(union.main.outputs).toMatchObject({ 'lines-covered': '18', 'lines-total': '23', 'line-coverage': '78.26' })
  })

  it('states the lines outside the repository, and max-unmatched fails on their share', async () => {
    const workspace = checkout()
    // The Linux leg (23 lines of calc.py and test_calc.py) plus a generated runner and a
    // submodule file that are not the repository's: 30 lines, 10 of them covered.
    const outside = [
      'SF:/tmp/build/generated/runner.c',
      ...Array.from({ length: 20 }, (_, i) => `DA:${i + 1},1`),
      'end_of_record',
      'SF:third_party/lib/vendor.c',
      ...Array.from({ length: 10 }, (_, i) => `DA:${i + 1},0`),
      'end_of_record',
      '',
    ].join('\n')
    writeFileSync(join(workspace, 'reports', 'outside.lcov'), outside)
    const reports = 'reports/leg-linux-test_div.lcov, reports/outside.lcov'
    const kept = await gate(workspace, { reports })
    expect(kept.main.exitCode).toBe(0)
    const lines = Number(kept.main.outputs['lines-total'])
    const covered = Number(kept.main.outputs['lines-covered'])
    const share = ((30 / (lines + 30)) * 100).toFixed(2)
    expect(kept.main.summary).toContain(
      `Left out: 2 files, 30 lines (${share}% of the reports' lines) match no file of the repository and are not counted. Counting them, the reports say ${covered + 20} of ${lines + 30} lines`,
    )
    const gated = await gate(workspace, { reports, 'max-unmatched': '25%' })
    expect(gated.main.exitCode).toBe(1)
    expect(gated.main.errors[0]?.message).toContain(
      `max-unmatched: 2 files, 30 of the reports' ${lines + 30} lines match no file of the repository`,
    )
    expect((await gate(workspace, { reports, 'max-unmatched': '60%' })).main.exitCode).toBe(0)
  })

  it('fails when fewer reports than expected are found', async () => {
    const { main } = await gate(checkout(), { reports: 'reports/leg-*', 'expected-reports': '3' })
    expect(main.exitCode).toBe(1)
    expect(main.errors).toHaveLength(1)
    expect(main.errors[0]?.message).toMatch(/^Found 2 coverage reports, expected 3/)
  })

  it('fails min-line with the numbers and still writes every output and the summary', async () => {
    const { main } = await gate(checkout(), { reports: 'reports/coveragepy.xml', 'min-line': '90', 'min-branch': '50' })
    expect(main.exitCode).toBe(1)
    expect(main.outputs).toMatchObject({ passed: 'false', 'line-coverage': '78.26' })
    expect(main.errors[0]?.message).toBe('Coverage gate failed: min-line: 18 of 23 lines (78.26 vs 90)')
    expect(main.summary).toContain('coverage-gate: 78.26% of lines covered')
    expect(main.summary.indexOf('| `min-line` |')).toBeLessThan(main.summary.indexOf('| `min-branch` |'))
    expect(main.summary).toContain('| `min-line` | ≥ 90% | 78.26% | ❌ |')
  })

  it('reports without failing when fail is false', async () => {
    const { main } = await gate(checkout(), { reports: 'reports/coveragepy.xml', 'min-line': '90', fail: 'false' })
    expect(main.exitCode).toBe(0)
    expect(main.outputs.passed).toBe('false')
    expect(main.warnings[0]?.message).toMatch(/^Coverage gate failed \(fail is false/)
  })

  it('excludes files by glob', async () => {
    const { main } = await gate(checkout(), { reports: 'reports/coveragepy.xml', exclude: 'py/test_*.py' })
    expect(main.outputs).toMatchObject({ 'lines-covered': '9', 'lines-total': '13' })
  })

  it('applies path-fixes and lists paths that match nothing', async () => {
    const workspace = checkout()
    const lcov = readFileSync(join(workspace, 'reports/c8.lcov.info'), 'utf8').replace(
      'SF:math.js',
      'SF:/build/out/lib/math.js',
    )
    writeFileSync(join(workspace, 'moved.lcov'), `${lcov}TN:\nSF:vendor/gone.js\nDA:1,1\nend_of_record\n`)
    const { main } = await gate(workspace, { reports: 'moved.lcov', 'path-fixes': '/build/out/lib/::js/' })
    expect(main.outputs).toMatchObject({ 'lines-covered': '9', 'lines-total': '14' })
    expect(main.summary).toContain('1 report paths match no file in the repository')
    expect(main.summary).toContain('vendor/gone.js')
  })
})

describe('coverage-gate on a pull request', () => {
  /** A base commit without `unused()` and a head commit that adds it: 3 measured changed lines, 1 covered. */
  function pullRequest(): { workspace: string; event: PullRequestEvent } {
    const workspace = checkout()
    return { workspace, event: pullRequestAdding(workspace, 'py/calc.py', '\n\ndef unused', 7) }
  }

  it('measures patch coverage from the local git diff and annotates the uncovered changed lines', async () => {
    const { workspace, event } = pullRequest()
    const { main } = await gate(workspace, { reports: 'reports/coveragepy.xml', 'min-patch': '80' }, { event })
    expect(main.exitCode).toBe(1)
    expect(main.outputs['patch-coverage']).toBe('33.33')
    expect(main.errors[0]?.message).toContain('min-patch: 1 of 3 changed lines (33.33 vs 80)')
    expect(main.warnings.map((w) => [w.message, w.properties])).toEqual([
      [
        'Changed lines 16-17 are not covered by tests',
        { title: 'Not covered by tests', file: 'py/calc.py', line: '16', endLine: '17' },
      ],
    ])
    expect(main.summary).toContain('Least-covered changed files')
  })

  it('finds the merge base in a shallow clone by deepening it', async () => {
    const { workspace: origin, event } = pullRequest()
    const shallow = mkdtempSync(join(tmpdir(), 'shipgate-shallow-'))
    temps.push(shallow)
    execFileSync('git', ['clone', '-q', '--depth=1', `file://${origin}`, shallow])
    mkdirSync(join(shallow, 'reports'), { recursive: true })
    cpSync(join(origin, 'reports'), join(shallow, 'reports'), { recursive: true })
    const { main } = await gate(shallow, { reports: 'reports/coveragepy.xml', 'min-patch': '30' }, { event })
    expect(main.exitCode).toBe(0)
    expect(main.outputs['patch-coverage']).toBe('33.33')
    expect(main.stdout).toContain('Deepening the clone')
  })

  it('keeps one sticky comment on the pull request, updated on the next run', async () => {
    const github = await FakeGitHub.start()
    try {
      const { workspace, event } = pullRequest()
      const options = { event, token: github.token, githubApiUrl: github.url }
      await gate(workspace, { reports: 'reports/leg-windows-test_classify.xml', comment: 'auto' }, options)
      await gate(workspace, { reports: 'reports/coveragepy.xml', comment: 'auto' }, options)
      const comments = github.comments.get(7) ?? []
      expect(comments).toHaveLength(1)
      expect(comments[0]?.body).toContain('coverage-gate: 78.26% of lines covered')
    } finally {
      await github.close()
    }
  })

  it('fails max-drop against a baseline, and does not count deleted covered code as a drop', async () => {
    const workspace = checkout()
    const before = await gate(workspace, { reports: 'reports/coveragepy.xml' })
    const baseline = join(workspace, 'baseline.json')
    cpSync(before.main.outputs['report-json'] ?? '', baseline)
    const worse = await gate(workspace, { reports: 'reports/leg-windows-test_classify.xml', baseline, 'max-drop': '1' })
    expect(worse.main.exitCode).toBe(1)
    expect(Number(worse.main.outputs.delta)).toBeLessThan(-1)
    expect(worse.main.errors[0]?.message).toContain('max-drop')

    // Deleting the tests file: its covered lines leave the baseline too.
    git(workspace, 'rm', '-q', 'py/test_calc.py')
    git(workspace, 'commit', '-q', '-m', 'drop tests')
    const same = await gate(workspace, {
      reports: 'reports/coveragepy.xml',
      baseline,
      'max-drop': '0',
      exclude: 'py/test_calc.py',
    })
    expect(same.main.exitCode).toBe(0)
    expect(same.main.outputs.delta).toBe('0')
  })

  // report-json version 2 packs each file's lines two bits a line; a baseline written by an
  // earlier release (version 1: arrays of line numbers) must still compare like for like.
  it('reads a version 1 baseline as the same data as the version 2 it would be now', async () => {
    const workspace = checkout()
    const now = await gate(workspace, { reports: 'reports/coveragepy.xml' })
    const stored = JSON.parse(readFileSync(now.main.outputs['report-json'] ?? '', 'utf8')) as {
      version: number
      files: Record<string, { lines: string }>
    }
    expect(stored.version).toBe(2)
    const files: Record<string, { covered: number[]; uncovered: number[] }> = {}
    for (const [path, { lines }] of Object.entries(stored.files)) {
      const bytes = Buffer.from(lines, 'base64')
      const file = { covered: [] as number[], uncovered: [] as number[] }
      for (let i = 0; i < bytes.length * 4; i++) {
        const state = ((bytes[i >> 2] ?? 0) >> ((i & 3) * 2)) & 3
        if (state === 2) file.covered.push(i + 1)
        if (state === 1) file.uncovered.push(i + 1)
      }
      files[path] = file
    }
    const covered = Object.values(files).reduce((sum, file) => sum + file.covered.length, 0)
    expect(covered).toBe(Number(now.main.outputs['lines-covered']))
    const baseline = join(workspace, 'baseline-v1.json')
    writeFileSync(baseline, JSON.stringify({ kind: 'shipgate/coverage-report', version: 1, files }))
    const again = await gate(workspace, { reports: 'reports/coveragepy.xml', baseline, 'max-drop': '0' })
    expect(again.main.errors).toEqual([])
    expect(again.main.outputs.delta).toBe('0')
  })
})

// coverage.py with --cov=app in hub-api/ of a repository where web/ has files of the same names
// (tests/fixtures/coveragepy-cov-package/README.md): coverage.py said 16 of 24 lines.
describe('a report whose root was made on another machine', () => {
  it('maps coverage.py --cov=<package> paths through their <source>, and keeps its total', async () => {
    const workspace = checkout(join(repoRoot, 'tests', 'fixtures', 'coveragepy-cov-package'))
    const { main } = await gate(workspace, { reports: 'hub-api/coverage.xml' })
    expect(main.errors).toEqual([])
    expect(main.warnings.map((w) => w.message)).toEqual([])
    expect(main.outputs).toMatchObject({ 'lines-covered': '16', 'lines-total': '24', 'line-coverage': '66.67' })
    expect(main.summary).not.toContain('recomputed')
  })

  it('says which files fit equally when the root cannot tell them apart', async () => {
    const workspace = checkout(join(repoRoot, 'tests', 'fixtures', 'coveragepy-cov-package'))
    const xml = readFileSync(join(workspace, 'hub-api', 'coverage.xml'), 'utf8')
    writeFileSync(
      join(workspace, 'elsewhere.xml'),
      xml.replace(/<source>[^<]*<\/source>/, '<source>/elsewhere/src</source>'),
    )
    const { main } = await gate(workspace, { reports: 'elsewhere.xml' })
    expect(main.warnings.map((w) => w.message)).toContainEqual(
      'config/settings.py (in elsewhere.xml) fits 2 files of the repository equally (hub-api/app/config/settings.py, web/app/config/settings.py); it is not counted: path-fixes can say which',
    )
  })
})

describe('coverage-gate bad input', () => {
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['empty.xml', '', /empty\.xml: is empty: expected a coverage report$/],
    ['binary.info', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]), /binary\.info: is a binary file/],
    ['notes.txt', 'hello world\n', /notes\.txt: is not a coverage report this action reads/],
    [
      'truncated.xml',
      '<?xml version="1.0"?>\n<coverage line-rate="1"><packages><package><classes><class filename="py/calc.py"><lines><line number="1" hits="1"/>',
      /truncated\.xml: is truncated: <lines> is not closed$/,
    ],
    [
      'bad.lcov',
      'TN:\nSF:py/calc.py\nDA:12\nend_of_record\n',
      /bad\.lcov:3: expected 'DA:<line>,<hits>', found 'DA:12'$/,
    ],
    [
      'cut.lcov',
      'TN:\nSF:py/calc.py\nDA:1,1\n',
      /cut\.lcov: is truncated: the record of py\/calc\.py \(from line 2\) has no end_of_record$/,
    ],
    [
      'nofiles.xml',
      '<?xml version="1.0"?>\n<coverage line-rate="0"><sources/><packages/></coverage>\n',
      /nofiles\.xml: has no source files in it/,
    ],
    [
      'bomb.xml',
      '<?xml version="1.0"?>\n<!DOCTYPE coverage [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY ext SYSTEM "http://127.0.0.1:9/x">]>\n<coverage line-rate="1"><packages><package name="&c;&ext;"><classes><class filename="&c;.py"><lines><line number="1" hits="1"/></lines></class></classes></package></packages></coverage>\n',
      /no report path matches a file of the repository/,
    ],
    [
      'go.out',
      'mode: set\nfoo.go:1.1,2.2 1\n',
      /go\.out:2: expected '<file>:<line>\.<col>,<line>\.<col> <statements> <count>'/,
    ],
    ['final.json', '{"src/a.js": {"path": "src/a.js"}}', /^final\.json: entry 'src\/a\.js' has no statementMap/],
    // Counts beyond 2^53 are not counts: sums would round and outputs read 1e+23. (Hit counts are
    // only compared with 0, and istanbul really writes -1 as a u64: those mean the line ran.)
    [
      'huge.out',
      'mode: set\npy/calc.py:1.1,2.2 99999999999999999999999 1\n',
      /^huge\.out:2: statement count 99999999999999999999999 is too large: expected a count below 2\^53$/,
    ],
    [
      'huge.lcov',
      'TN:\nSF:py/calc.py\nDA:123456789012345678901,1\nend_of_record\n',
      /^huge\.lcov:3: line 123456789012345678901 is too large: expected a count below 2\^53$/,
    ],
    [
      'huge.xml',
      '<?xml version="1.0"?>\n<coverage><packages><package><classes><class filename="py/calc.py"><lines><line number="1e30" hits="1"/></lines></class></classes></package></packages></coverage>\n',
      /^huge\.xml: <line number="1e30"> in py\/calc\.py is too large: expected a count below 2\^53$/,
    ],
    [
      'jacoco.xml',
      '<?xml version="1.0"?>\n<report name="r"><package name="py"><sourcefile name="calc.py"><line nr="1" mi="0" ci="1" mb="0" cb="99999999999"/></sourcefile></package></report>\n',
      /^jacoco\.xml: <line nr="1"> in py\/calc\.py states 99999999999 branches: expected at most 65535 on one line$/,
    ],
  ]

  it.each(cases)('%s gets one clear error naming the file', async (name, content, message) => {
    const workspace = checkout()
    writeFileSync(join(workspace, name), content)
    const { main } = await gate(workspace, { reports: name, format: name === 'final.json' ? 'istanbul' : 'auto' })
    expect(main.exitCode).toBe(1)
    expect(main.errors).toHaveLength(1)
    expect(main.errors[0]?.message).toMatch(message)
    expect(main.stdout).not.toMatch(/\n\s+at .*\.js:\d+/)
  })

  it('says when the globs match nothing', async () => {
    const { main } = await gate(checkout(), { reports: 'nowhere/*.xml' })
    expect(main.errors[0]?.message).toMatch(
      /^Input 'reports' is 'nowhere\/\*\.xml': expected globs that match coverage reports/,
    )
  })
})

describe('coverage-gate on a pull request from a fork', () => {
  it('writes the comment it would post and posts nothing; a workflow_run run posts it to the event’s pull request', async () => {
    const github = await FakeGitHub.start()
    try {
      const workspace = checkout()
      const head = git(workspace, 'rev-parse', 'HEAD')
      const fork = {
        name: 'pull_request',
        payload: {
          number: 7,
          pull_request: {
            number: 7,
            head: { sha: head, repo: { full_name: 'contributor/shipgate-demo' } },
            base: { sha: head, ref: 'main', repo: { full_name: 'octo-org/shipgate-demo' } },
          },
        },
      }
      const options = { event: fork, token: github.token, githubApiUrl: github.url }
      const gated = await gate(workspace, { reports: 'reports/coveragepy.xml', comment: 'auto' }, options)
      expect(gated.main.exitCode).toBe(0)
      expect(github.requests.filter((r) => r.path.includes('/comments'))).toEqual([])
      expect(gated.main.stdout).toContain('comes from a fork: its token cannot comment')
      const bundle = JSON.parse(readFileSync(gated.main.outputs['comment-file'] ?? '', 'utf8')) as Record<
        string,
        unknown
      >
      expect(bundle).toMatchObject({
        kind: 'shipgate/comment',
        headSha: head,
        pullRequest: 7,
        marker: '<!-- shipgate:coverage-gate:ci/gate -->',
      })

      // The trusted workflow_run run: the artifact downloaded into its workspace.
      const trusted = mkdtempSync(join(tmpdir(), 'shipgate-workflow-run-'))
      temps.push(trusted)
      cpSync(gated.main.outputs['comment-file'] ?? '', join(trusted, 'comment.json'))
      github.pulls.push({ number: 7, state: 'open', head: { sha: head, label: 'contributor:fix-calc' } })
      const posted = await runAction('coverage-gate', {
        workspace: trusted,
        inputs: { 'post-comment': 'comment.json' },
        token: github.token,
        githubApiUrl: github.url,
        event: {
          name: 'workflow_run',
          payload: {
            workflow_run: {
              head_sha: head,
              head_branch: 'fix-calc',
              head_repository: { owner: { login: 'contributor' } },
              pull_requests: [],
            },
          },
        },
      })
      expect(posted.main.exitCode).toBe(0)
      expect(github.comments.get(7)?.map((c) => c.body.split('\n')[0])).toEqual([
        '<!-- shipgate:coverage-gate:ci/gate -->',
      ])
      expect(github.comments.get(7)?.[0]?.body).toContain('coverage-gate: ')
    } finally {
      await github.close()
    }
  })
})

describe('coverage-gate summary on a push', () => {
  it('shows the least-covered files with links at the commit, and workspace-relative report paths everywhere', async () => {
    const workspace = checkout()
    const { main } = await gate(workspace, { reports: 'reports/coveragepy.xml' })
    expect(main.exitCode).toBe(0)
    expect(main.summary).toMatch(/### Least-covered files \(\d+ of \d+\)/)
    expect(main.summary).toContain(`(https://github.com/octo-org/shipgate-demo/blob/${'f'.repeat(40)}/py/calc.py)`)
    expect(main.summary).toContain('| reports/coveragepy.xml |')
    const reportJson = readFileSync(main.outputs['report-json'] ?? '', 'utf8')
    for (const text of [main.summary, reportJson, main.stdout]) expect(text).not.toContain(workspace)
  })
})
