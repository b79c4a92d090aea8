// The release procedure behind `pnpm release <x.y.z>` and `pnpm api-diff`, on any git checkout,
// so it can be tested on a temporary repository.
import { execSync } from 'node:child_process'
import semver from 'semver'
import { parseActionYml, type ActionYml } from './action-yml.js'
import { BUMP_ORDER, diffApi, formatChanges, requiredBump, type ApiChange, type Bump } from './api-diff.js'
import { git, tryGit } from './git.js'

/** A release version: x.y.z, no pre-release or build part (the moving vX and vX.Y tags follow releases only). */
function releaseVersion(text: string): string | undefined {
  const version = semver.valid(text)
  return version && semver.prerelease(version) === null && !text.includes('+') ? version : undefined
}

/** The size of the step between two releases, as the interface diff names it. */
function bumpBetween(from: string, to: string): Bump {
  const step = semver.diff(from, to)
  return step === 'major' || step === 'minor' ? step : 'patch'
}

/** The highest `vX.Y.Z` tag, if any. */
export function latestRelease(cwd: string): { tag: string; version: string } | undefined {
  const tags = (tryGit(cwd, 'tag', '--list', 'v*') ?? '').split('\n')
  let latest: { tag: string; version: string } | undefined
  for (const tag of tags) {
    const version = /^v\d+\.\d+\.\d+$/.test(tag) ? releaseVersion(tag.slice(1)) : undefined
    if (version && (!latest || semver.gt(version, latest.version))) latest = { tag, version }
  }
  return latest
}

/** Every actions/<name>/action.yml at a git revision (or in the work tree when `rev` is undefined). */
export function actionsAt(cwd: string, rev: string | undefined): Record<string, ActionYml> {
  const listing = rev
    ? git(cwd, 'ls-tree', '-r', '--name-only', rev, '--', 'actions')
    : git(cwd, 'ls-files', '--', 'actions')
  const result: Record<string, ActionYml> = {}
  for (const path of listing.split('\n')) {
    const match = /^actions\/([^/]+)\/action\.yml$/.exec(path)
    if (!match?.[1]) continue
    const source = rev ? git(cwd, 'show', `${rev}:${path}`) : git(cwd, 'show', `:${path}`)
    result[match[1]] = parseActionYml(source, path)
  }
  return result
}

export function apiChangesSinceRelease(
  cwd: string,
  head = 'HEAD',
): { since: string | undefined; changes: ApiChange[] } {
  const latest = latestRelease(cwd)
  if (!latest) return { since: undefined, changes: [] }
  return { since: latest.tag, changes: diffApi(actionsAt(cwd, latest.tag), actionsAt(cwd, head)) }
}

export class ReleaseRefused extends Error {}

export interface ReleaseOptions {
  cwd: string
  version: string
  /** Shell command that fails when dist or docs are stale (CI: check-dist and check-docs). */
  checks: string
}

/**
 * Tags HEAD as vX.Y.Z (annotated) and moves vX and vX.Y to it, after refusing a dirty tree, a
 * failing dist/docs check, a version not above the latest release, and a bump smaller than the
 * interface change needs. Returns the tags it wrote.
 */
export function release(options: ReleaseOptions): string[] {
  const { cwd } = options
  const version = releaseVersion(options.version)
  if (!version) {
    throw new ReleaseRefused(`'${options.version}' is not a version: expected x.y.z, e.g. 1.4.0`)
  }
  const dirty = git(cwd, 'status', '--porcelain')
  if (dirty) throw new ReleaseRefused(`the work tree has uncommitted changes:\n${dirty}`)
  try {
    execSync(options.checks, { cwd, stdio: 'pipe' })
  } catch {
    throw new ReleaseRefused(
      `dist or docs are stale (\`${options.checks}\` failed): run pnpm build and pnpm docs, commit`,
    )
  }
  const latest = latestRelease(cwd)
  if (latest) {
    if (!semver.gt(version, latest.version)) {
      throw new ReleaseRefused(`${options.version} is not greater than the latest release ${latest.tag}`)
    }
    const changes = diffApi(actionsAt(cwd, latest.tag), actionsAt(cwd, 'HEAD'))
    const needed = requiredBump(changes)
    const bump = bumpBetween(latest.version, version)
    if (BUMP_ORDER[bump] < BUMP_ORDER[needed]) {
      throw new ReleaseRefused(
        `${latest.tag} -> v${version} is a ${bump} release, but the interface change needs ${needed}:\n${formatChanges(changes)}`,
      )
    }
  }
  const major = semver.major(version)
  const minor = semver.minor(version)
  const full = `v${version}`
  git(cwd, 'tag', '-a', full, '-m', `shipgate ${full}`)
  for (const moving of [`v${major}`, `v${major}.${minor}`]) {
    git(cwd, 'tag', '-f', '-a', moving, '-m', `shipgate ${moving} -> ${full}`, `${full}^{commit}`)
  }
  return [full, `v${major}`, `v${major}.${minor}`]
}
