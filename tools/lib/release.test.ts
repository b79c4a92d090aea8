import { beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseActionYml } from './action-yml.js'
import { diffApi, requiredBump } from './api-diff.js'
import { git } from './git.js'
import { apiChangesSinceRelease, release } from './release.js'

const PASSING_CHECKS = 'test ! -e STALE'

function actionYml(inputs: Record<string, { required?: boolean; default?: string }>, outputs: string[]): string {
  const lines = ['name: demo', 'description: a demo action', 'inputs:']
  for (const [name, spec] of Object.entries(inputs)) {
    lines.push(`  ${name}:`, `    description: the ${name}`, `    required: ${spec.required ?? false}`)
    if (spec.default !== undefined) lines.push(`    default: '${spec.default}'`)
  }
  lines.push('outputs:', ...outputs.flatMap((name) => [`  ${name}:`, `    description: the ${name}`]))
  lines.push('runs:', '  using: node24', '  main: dist/index.js', '')
  return lines.join('\n')
}

let repo: string

function commit(yml: string, message: string): void {
  writeFileSync(join(repo, 'actions', 'demo', 'action.yml'), yml)
  git(repo, 'add', '-A')
  git(repo, 'commit', '-q', '-m', message)
}

const tagTarget = (tag: string) => git(repo, 'rev-parse', `${tag}^{commit}`)

beforeEach(() => {
  if (repo) rmSync(repo, { recursive: true, force: true })
  repo = mkdtempSync(join(tmpdir(), 'shipgate-release-'))
  mkdirSync(join(repo, 'actions', 'demo'), { recursive: true })
  git(repo, 'init', '-q', '-b', 'main')
  git(repo, 'config', 'user.email', 'release@example.com')
  git(repo, 'config', 'user.name', 'Release Test')
  commit(actionYml({ threshold: { default: '90' } }, ['passed']), 'v1 interface')
})

describe('release on a real git repository', () => {
  it('creates the annotated tag and moves the major and minor tags with each release', () => {
    expect(release({ cwd: repo, version: '1.0.0', checks: PASSING_CHECKS })).toEqual(['v1.0.0', 'v1', 'v1.0'])
    expect(git(repo, 'cat-file', '-t', 'v1.0.0')).toBe('tag')
    const first = git(repo, 'rev-parse', 'HEAD')
    expect([tagTarget('v1'), tagTarget('v1.0')]).toEqual([first, first])

    commit(actionYml({ threshold: { default: '90' }, mode: { default: 'auto' } }, ['passed']), 'add an optional input')
    expect(release({ cwd: repo, version: '1.1.0', checks: PASSING_CHECKS })).toEqual(['v1.1.0', 'v1', 'v1.1'])
    const second = git(repo, 'rev-parse', 'HEAD')
    expect(tagTarget('v1')).toBe(second)
    expect(tagTarget('v1.0')).toBe(first)
    expect(tagTarget('v1.1')).toBe(second)
  })

  it('classifies a removed input as major and refuses a minor bump for it', () => {
    release({ cwd: repo, version: '1.0.0', checks: PASSING_CHECKS })
    commit(actionYml({}, ['passed']), 'drop threshold')
    const { since, changes } = apiChangesSinceRelease(repo)
    expect(since).toBe('v1.0.0')
    expect(changes).toEqual([{ action: 'demo', bump: 'major', what: "input 'threshold' removed" }])
    expect(() => release({ cwd: repo, version: '1.1.0', checks: PASSING_CHECKS })).toThrow(
      /v1.0.0 -> v1.1.0 is a minor release, but the interface change needs major/,
    )
    expect(git(repo, 'tag', '--list', 'v1.1.0')).toBe('')
    expect(release({ cwd: repo, version: '2.0.0', checks: PASSING_CHECKS })).toEqual(['v2.0.0', 'v2', 'v2.0'])
  })

  it('refuses a new optional input in a patch release', () => {
    release({ cwd: repo, version: '1.0.0', checks: PASSING_CHECKS })
    commit(actionYml({ threshold: { default: '90' } }, ['passed', 'score']), 'add an output')
    expect(() => release({ cwd: repo, version: '1.0.1', checks: PASSING_CHECKS })).toThrow(/needs minor/)
  })

  it('refuses a dirty tree, stale dist or docs, and a version not above the latest', () => {
    release({ cwd: repo, version: '1.0.0', checks: PASSING_CHECKS })
    writeFileSync(join(repo, 'STALE'), 'x')
    expect(() => release({ cwd: repo, version: '1.0.1', checks: PASSING_CHECKS })).toThrow(/uncommitted changes/)
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'stale dist')
    expect(() => release({ cwd: repo, version: '1.0.1', checks: PASSING_CHECKS })).toThrow(/dist or docs are stale/)
    git(repo, 'rm', '-q', 'STALE')
    git(repo, 'commit', '-q', '-m', 'fresh again')
    expect(() => release({ cwd: repo, version: '1.0.0', checks: PASSING_CHECKS })).toThrow(
      /not greater than the latest/,
    )
    expect(() => release({ cwd: repo, version: '0.9.9', checks: PASSING_CHECKS })).toThrow(/not greater/)
    expect(() => release({ cwd: repo, version: 'v1.2', checks: PASSING_CHECKS })).toThrow(/not a version/)
    expect(release({ cwd: repo, version: '1.0.1', checks: PASSING_CHECKS })[0]).toBe('v1.0.1')
  })
})

describe('diffApi', () => {
  const yml = (inputs: Record<string, { required?: boolean; default?: string }>, outputs: string[]) =>
    parseActionYml(actionYml(inputs, outputs))

  it('grades each kind of change', () => {
    const before = { demo: yml({ a: { default: '1' }, b: { default: 'x' }, c: { default: '' } }, ['o1', 'o2']) }
    const after = {
      demo: yml({ a: { default: '2' }, b: { required: true }, c: { default: '' }, d: { default: '' } }, ['o1', 'o3']),
      extra: yml({}, ['report-json']),
    }
    const changes = diffApi(before, after)
    expect(changes.map((c) => `${c.bump} ${c.action} ${c.what}`)).toEqual([
      "major demo input 'a' default changed from '1' to '2'",
      "major demo input 'b' became required",
      "major demo input 'b' default changed from 'x' to ''",
      "minor demo input 'd' added",
      "major demo output 'o2' removed",
      "minor demo output 'o3' added",
      'minor extra action added',
    ])
    expect(requiredBump(changes)).toBe('major')
    expect(requiredBump([])).toBe('patch')
  })
})
