// Running a migration and reading the schema's revision: the user's command (any tool: alembic,
// Flyway, Prisma) or, with provider kubernetes, a Job the provider runs.
import type { Logger } from '../../action/logger.js'
import type { MigrationResult } from '../model.js'
import type { TrafficProvider } from '../providers/provider.js'
import { revisionIn } from '../revision.js'
import { runShell } from '../shell.js'
import type { MigrationSettings } from './settings.js'

/** Runs the migration: the command with `env` (BG_VERSION, BG_PREVIOUS_VERSION…), or the provider's Job. */
export async function runMigration(
  settings: MigrationSettings,
  version: string,
  env: Record<string, string>,
  provider: TrafficProvider,
  log: Logger,
): Promise<MigrationResult> {
  if (settings.job) {
    if (!provider.runMigrationJob) throw new Error('readMigrationSettings allows a Job only with provider kubernetes')
    return provider.runMigrationJob(settings.job, { version, timeoutMs: settings.timeoutMs })
  }
  const lines: string[] = []
  const result = await runShell(settings.command ?? '', env, {
    label: 'migrate',
    timeoutMs: settings.timeoutMs,
    log,
    onLine: (line) => void lines.push(line),
  })
  const ok = result.exitCode === 0
  return {
    ok,
    why: result.timedOut
      ? `it did not finish within migrate-timeout (${settings.timeoutMs / 1000}s)`
      : `migrate-command exited ${result.exitCode}`,
    tail: result.tail,
    revision: revisionIn(lines),
  }
}

/** The database's revision as `command` prints it (its last line), or undefined with a warning. */
export async function readRevision(
  command: string | undefined,
  env: Record<string, string>,
  log: Logger,
): Promise<string | undefined> {
  if (!command) return undefined
  const lines: string[] = []
  const result = await runShell(command, env, {
    label: 'schema version',
    timeoutMs: 60_000,
    log,
    onLine: (line) => void lines.push(line),
  })
  const last = lines.at(-1)?.trim()
  if (result.exitCode !== 0 || !last) {
    log.warning(
      `schema-version-command did not print a revision (exit ${result.exitCode}): the revision is not recorded`,
    )
    return undefined
  }
  return revisionIn(lines) ?? last
}

/** Runs migrate-failure-command after a migration went wrong; says how that went. */
export async function runFailureCommand(
  settings: MigrationSettings,
  env: Record<string, string>,
  why: string,
  log: Logger,
): Promise<string> {
  if (!settings.failureCommand) return 'no migrate-failure-command is given'
  const result = await runShell(
    settings.failureCommand,
    { ...env, BG_MIGRATION_FAILURE: why },
    {
      label: 'migrate-failure',
      timeoutMs: settings.timeoutMs,
      log,
    },
  )
  return result.exitCode === 0
    ? 'migrate-failure-command ran (exit 0)'
    : `migrate-failure-command failed too (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}): ${result.tail.split('\n').at(-1) ?? ''}`
}
