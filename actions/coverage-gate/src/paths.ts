// Maps the paths reports use (absolute, Windows, another runner's workspace, package-relative,
// Go import paths) onto the files of this repository, as `git ls-files` lists them.
import { readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { UserError } from '@shipgate/core/action'
import { git } from '@shipgate/core/github'
import type { PathFix } from './inputs.js'

export interface RepoIndex {
  root: string
  files: Set<string>
  byBasename: Map<string, string[]>
  /** Go modules: import path prefix → directory in the repository ('' for the root). */
  goModules: Array<{ module: string; dir: string }>
}

/** A sparse or partial checkout lists files that are not on disk: such a go.mod names no module. */
function readIfPresent(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

export async function indexRepository(cwd: string): Promise<RepoIndex> {
  // Both at once: `:/` lists the whole repository from any folder of it.
  const [root, listing] = await Promise.all([
    git(cwd, 'rev-parse', '--show-toplevel'),
    git(cwd, 'ls-files', '-z', '--full-name', '--', ':/'),
  ])
  if (root === undefined || listing === undefined) {
    throw new UserError(
      `working-directory ${cwd} is not inside a git checkout: coverage-gate maps report paths onto the repository's files; run actions/checkout first`,
    )
  }
  const files = new Set(listing.split('\0').filter(Boolean))
  const byBasename = new Map<string, string[]>()
  const goModules: RepoIndex['goModules'] = []
  for (const file of files) {
    const base = posix.basename(file)
    byBasename.set(base, [...(byBasename.get(base) ?? []), file])
    if (base === 'go.mod') {
      const module = /^module\s+(\S+)/m.exec(readIfPresent(join(root, file)))?.[1]
      if (module) goModules.push({ module, dir: posix.dirname(file) === '.' ? '' : posix.dirname(file) })
    }
  }
  goModules.sort((a, b) => b.module.length - a.module.length)
  return { root, files, byBasename, goModules }
}

// Workspaces of hosted and container runners on every OS, after `\` → `/` and the drive letter go.
const RUNNER_PREFIXES = [
  /^\/home\/runner\/work\/[^/]+\/[^/]+\//,
  /^\/Users\/runner\/work\/[^/]+\/[^/]+\//,
  /^\/a\/[^/]+\/[^/]+\//,
  /^\/__w\/[^/]+\/[^/]+\//,
  /^\/github\/workspace\//,
]

export function normalize(path: string): string {
  let result = path.trim()
  if (result.startsWith('file://')) result = decodeURIComponent(result.slice(7))
  result = result.replace(/\\/g, '/').replace(/^\/?[A-Za-z]:(?=\/)/, '')
  return result.replace(/\/{2,}/g, '/').replace(/^(\.\/)+/, '')
}

export interface MapContext {
  repo: RepoIndex
  fixes: readonly PathFix[]
  /** Absolute prefixes of this checkout (GITHUB_WORKSPACE, the repository root), normalized. */
  workspaces: readonly string[]
}

function applyFixes(path: string, fixes: readonly PathFix[]): string {
  for (const fix of fixes) {
    const before = normalize(fix.before)
    if (path.startsWith(before)) return normalize(`${fix.after}${path.slice(before.length)}`)
  }
  return path
}

function stripPrefixes(path: string, workspaces: readonly string[]): string {
  for (const workspace of workspaces) {
    const prefix = workspace.endsWith('/') ? workspace : `${workspace}/`
    if (path.startsWith(prefix)) return path.slice(prefix.length)
  }
  for (const pattern of RUNNER_PREFIXES) if (pattern.test(path)) return path.replace(pattern, '')
  return path
}

/** The repository files with the longest run of trailing path segments in common with `path`. */
export function bestSuffixFits(path: string, repo: RepoIndex): string[] {
  const segments = path.split('/').filter(Boolean)
  const candidates = repo.byBasename.get(segments[segments.length - 1] ?? '') ?? []
  let best: string[] = []
  let bestScore = 0
  for (const candidate of candidates) {
    const parts = candidate.split('/')
    let score = 0
    while (
      score < parts.length &&
      score < segments.length &&
      parts[parts.length - 1 - score] === segments[segments.length - 1 - score]
    ) {
      score += 1
    }
    if (score > bestScore) [best, bestScore] = [[candidate], score]
    else if (score === bestScore) best.push(candidate)
  }
  return best
}

/** The repository file with the longest run of trailing path segments in common, if exactly one. */
function bySuffix(path: string, repo: RepoIndex): string | undefined {
  const fits = bestSuffixFits(path, repo)
  return fits.length === 1 ? fits[0] : undefined
}

/** The repository path of a report path, or undefined when nothing in the repository matches. */
export function mapPath(
  reportPath: string,
  roots: readonly string[],
  context: MapContext,
  goImportPath: boolean,
): string | undefined {
  const { repo } = context
  const path = applyFixes(normalize(reportPath), context.fixes)
  const candidates: string[] = []
  if (goImportPath) {
    for (const { module, dir } of repo.goModules) {
      if (path.startsWith(`${module}/`)) candidates.push(posix.join(dir, path.slice(module.length + 1)))
    }
  }
  candidates.push(stripPrefixes(path, context.workspaces))
  for (const root of roots) candidates.push(stripPrefixes(normalize(`${normalize(root)}/${path}`), context.workspaces))
  const exact = candidates.find((candidate) => repo.files.has(candidate))
  return exact ?? underRoot(path, roots, repo) ?? bySuffix(path, repo)
}

/**
 * A path relative to a root made on another machine (coverage.py with `--cov=app` writes
 * `<source>/ci/checkout/hub-api/app</source>` and `config/settings.py`): the root's own tails
 * inside this repository (`app`, `hub-api/app`, …), the longest that holds the file winning, so
 * the root's folder decides where a bare `__init__.py` lives.
 */
function underRoot(path: string, roots: readonly string[], repo: RepoIndex): string | undefined {
  let best: { file: string; depth: number; tie: boolean } | undefined
  for (const root of roots) {
    const segments = normalize(root).split('/').filter(Boolean)
    for (let depth = segments.length; depth >= 1; depth--) {
      const file = posix.join(...segments.slice(segments.length - depth), path)
      if (!repo.files.has(file)) continue
      if (!best || depth > best.depth) best = { file, depth, tie: false }
      else if (depth === best.depth && file !== best.file) best.tie = true
      break
    }
  }
  // Two roots whose tails fit two files equally well: which one the report means is not known.
  return best && !best.tie ? best.file : undefined
}
