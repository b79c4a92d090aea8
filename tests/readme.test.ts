// The README's two commands, as a new user runs them: a fresh clone, only Node and npm on PATH
// (no pnpm), and the machine's own nginx and git; and the stop-with-command path of a machine
// that lacks them and cannot install them.
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../tools/lib/action-yml.js'
import { ensureNode24 } from '../tools/node24.js'

/** The README's two commands, from its first bash block. */
function readmeCommands(): { demo: string; test: string } {
  const block = /```bash\n([\s\S]*?)```/.exec(readFileSync(join(repoRoot, 'README.md'), 'utf8'))?.[1] ?? ''
  const lines = block.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim())
  return {
    demo: lines.find((line) => line.endsWith(' demo')) ?? '',
    test: lines.find((line) => line.endsWith(' test')) ?? '',
  }
}

/** A PATH with every command of this one except those named: a folder of links stands in for /usr/bin and /bin. */
function pathWithout(names: readonly string[]): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-path-'))
  const bin = join(dir, 'bin')
  mkdirSync(bin)
  const kept: string[] = []
  for (const entry of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    let files: string[]
    try {
      files = readdirSync(entry)
    } catch {
      continue
    }
    if (!files.some((file) => names.includes(file))) {
      kept.push(entry)
      continue
    }
    for (const file of files) {
      if (names.includes(file)) continue
      try {
        symlinkSync(join(entry, file), join(bin, file))
      } catch {
        // The same name earlier on PATH wins, as it would.
      }
    }
  }
  return { path: [bin, ...kept].join(':'), dir }
}

describe('the README', () => {
  it('runs its two commands on a fresh clone with no pnpm on PATH', () => {
    const { demo, test } = readmeCommands()
    expect(demo).toMatch(/^npx -y pnpm@\d+\.\d+\.\d+ install && npx -y pnpm@\d+\.\d+\.\d+ demo$/)
    const { path, dir } = pathWithout(['pnpm', 'pnpx'])
    try {
      expect(spawnSync('sh', ['-c', 'command -v pnpm'], { env: { ...process.env, PATH: path } }).status).not.toBe(0)
      const clone = join(dir, 'shipgate')
      execFileSync('git', ['clone', '-q', repoRoot, clone])
      const env = { ...process.env, PATH: path, CI: 'true' }
      const ran = spawnSync('sh', ['-c', demo], { cwd: clone, env, encoding: 'utf8', timeout: 400_000 })
      expect(ran.stdout).toContain('v2 serves again: v3 was switched out as soon as it failed')
      expect(ran.status).toBe(0)
      // The test command as the README gives it, limited to the example service's suite: the whole
      // suite is what this very run is.
      const tested = spawnSync('sh', ['-c', `${test} examples/service`], {
        cwd: clone,
        env,
        encoding: 'utf8',
        timeout: 300_000,
      })
      expect(`${tested.stdout}${tested.stderr}`).toMatch(/^Tests: [1-9]\d* passed, 0 failed/m)
      expect(tested.status).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 700_000)

  it('stops before doing anything else, with the exact install command, where nginx is missing and cannot be installed', () => {
    const { path, dir } = pathWithout(['nginx', 'git', 'apt-get'])
    try {
      const ran = spawnSync(ensureNode24(), ['--import', 'tsx', join(repoRoot, 'tools', 'demo.ts')], {
        cwd: repoRoot,
        env: { ...process.env, PATH: path },
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(ran.status).toBe(1)
      expect(ran.stderr).toContain('The demo needs nginx, git, which are not installed')
      expect(ran.stderr).toContain('sudo apt-get update && sudo apt-get install -y nginx git')
      expect(ran.stdout).toBe('')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
