// What the README's two commands need from the machine besides Node: the Debian packages the
// demo and the tests drive for real, and pnpm itself. Shared by `pnpm demo`, `pnpm test` and
// .ci/run, so the README's path is the one CI proves.
import { execFileSync, spawnSync } from 'node:child_process'

/** Each command the demo and the tests run, and the Debian package that provides it. */
export const SYSTEM_COMMANDS = [
  { command: 'nginx', package: 'nginx' },
  { command: 'git', package: 'git' },
  // The machine's kubectl when it has one (hosted runners do); Debian's otherwise.
  { command: 'kubectl', package: 'kubernetes-client' },
  // A real Prometheus for the metrics analysis (only its binary is used).
  { command: 'prometheus', package: 'prometheus' },
] as const

export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

type SystemCommand = (typeof SYSTEM_COMMANDS)[number]['command']

/** The packages whose command is missing from PATH. */
export function missingPackages(
  commands: readonly SystemCommand[] = SYSTEM_COMMANDS.map((entry) => entry.command),
): string[] {
  return SYSTEM_COMMANDS.filter((entry) => commands.includes(entry.command) && !onPath(entry.command)).map(
    (entry) => entry.package,
  )
}

/**
 * Makes sure every command is there before anything else runs. As root with apt-get (CI, a dev
 * container) the missing packages are installed; otherwise this stops at once with the exact
 * command to run. Returns only when everything is there.
 */
export function ensureSystemPackages(what: string, commands?: readonly SystemCommand[]): void {
  const missing = missingPackages(commands)
  if (missing.length === 0) return
  const canInstall = process.getuid?.() === 0 && onPath('apt-get')
  if (canInstall) {
    console.log(`${what} needs ${missing.join(', ')}: installing with apt-get`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env })
    const still = missingPackages(commands)
    if (still.length === 0) return
    console.error(
      `apt-get installed ${still.join(', ')} but ${still.join(', ')} is still not on PATH (${process.env.PATH ?? ''})`,
    )
    process.exit(1)
  }
  console.error(
    `${what} needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed (only the binaries are used; no service is enabled). Install with:\n\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n\nthen run the same command again.`,
  )
  process.exit(1)
}

/**
 * pnpm as the running command found it: `npm_execpath` when a pnpm script runs (also under
 * `npx pnpm@…`, with no pnpm on PATH), else the pnpm on PATH.
 */
export function pnpmCommand(): { file: string; args: string[] } {
  const execPath = process.env.npm_execpath
  if (execPath && /pnpm/.test(execPath)) return { file: process.execPath, args: [execPath] }
  return { file: 'pnpm', args: [] }
}
