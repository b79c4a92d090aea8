// `pnpm build [name…]` bundles every action (or the named ones) with ncc into its committed dist/; `--check` builds into a
// temporary folder and fails when that differs from what is committed (CI's check-dist).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { actionNames, repoRoot } from './lib/action-yml.js'
import { licensesFromStats } from './lib/bundle-licenses.js'

/** Everything bundled: the five actions and the end-to-end harness's own test action. */
export function bundleDirs(): string[] {
  return [...actionNames().map((name) => join(repoRoot, 'actions', name)), join(repoRoot, 'tests', 'fixture-action')]
}

const ncc = join(repoRoot, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')

function bundle(dir: string, outDir: string): void {
  const statsDir = mkdtempSync(join(tmpdir(), 'shipgate-stats-'))
  try {
    const stats = join(statsDir, 'stats.json')
    execFileSync(
      process.execPath,
      [ncc, 'build', join(dir, 'src', 'index.ts'), '-o', outDir, '--stats-out', stats, '--quiet'],
      { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] },
    )
    writeFileSync(join(outDir, 'licenses.txt'), licensesFromStats(stats))
  } finally {
    rmSync(statsDir, { recursive: true, force: true })
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(dir, file)).isFile())
    .sort()
}

/** The files that differ between two dist folders, by relative path. */
export function diffDirs(expected: string, actual: string): string[] {
  const files = new Set([...listFiles(expected), ...listFiles(actual)])
  return [...files].filter((file) => {
    const a = join(expected, file)
    const b = join(actual, file)
    return !existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b))
  })
}

function main(): void {
  const check = process.argv.includes('--check')
  // `pnpm build rollback fixture-action` bundles only those; no names bundles everything.
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'))
  const stale: string[] = []
  for (const dir of bundleDirs().filter((d) => only.length === 0 || only.some((name) => d.endsWith(`/${name}`)))) {
    const name = relative(repoRoot, dir)
    if (!check) {
      rmSync(join(dir, 'dist'), { recursive: true, force: true })
      bundle(dir, join(dir, 'dist'))
      console.log(`built ${name}/dist`)
      continue
    }
    const out = mkdtempSync(join(tmpdir(), 'shipgate-dist-'))
    try {
      bundle(dir, out)
      for (const file of diffDirs(join(dir, 'dist'), out)) stale.push(`${name}/dist/${file}`)
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }
  if (stale.length > 0) {
    console.error(`dist is stale; run \`pnpm build\` and commit:\n  ${stale.join('\n  ')}`)
    process.exit(1)
  }
  if (check) console.log('dist matches a fresh build')
}

main()
