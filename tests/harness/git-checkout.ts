// A git checkout of a fixture folder, as actions/checkout leaves it: one commit on main holding
// every file, reports included. Each made directory goes into `temps` for the caller to remove.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim()
}

export function checkoutOf(from: string, temps: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-cov-'))
  temps.push(dir)
  cpSync(from, dir, { recursive: true })
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'config', 'user.email', 'ci@example.com')
  git(dir, 'config', 'user.name', 'CI')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'project')
  return dir
}

export interface PullRequestEvent {
  name: 'pull_request'
  payload: object
}

/**
 * Turns the checkout into a pull request that adds the tail of `file` from `marker` on: a base
 * commit without it, a head commit with it, and the pull_request event naming both.
 */
export function pullRequestAdding(workspace: string, file: string, marker: string, number: number): PullRequestEvent {
  const path = join(workspace, file)
  const full = readFileSync(path, 'utf8')
  writeFileSync(path, full.slice(0, full.indexOf(marker)) + '\n')
  git(workspace, 'commit', '-q', '-am', 'base')
  const base = git(workspace, 'rev-parse', 'HEAD')
  writeFileSync(path, full)
  git(workspace, 'commit', '-q', '-am', `add ${marker.trim()}`)
  const head = git(workspace, 'rev-parse', 'HEAD')
  const repo = { full_name: 'octo-org/shipgate-demo' }
  return {
    name: 'pull_request',
    payload: { pull_request: { number, head: { sha: head, repo }, base: { sha: base, ref: 'main', repo } } },
  }
}
