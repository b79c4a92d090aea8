// The database migration of a deploy, as the inputs ask for it: a shell command or (Kubernetes)
// a Job manifest, how long it may take, how long the serving version is watched through it, how
// the schema's revision is read, and what to run when it goes wrong.
import { InputError, duration, text, type InputReader } from '../../action/index.js'
import { readJobManifest, type JobManifest } from '../providers/kubernetes/migration-manifest.js'
import type { ProviderName } from '../model.js'

export interface MigrationSettings {
  /** Shell, with BG_VERSION, BG_PREVIOUS_VERSION, BG_COLOR and the provider's variables. */
  command: string | undefined
  /** provider kubernetes: the Job run instead of a command. */
  job: JobManifest | undefined
  timeoutMs: number
  /** How long the serving color is probed after the migration ends (it is probed while it runs too). */
  compatWindowMs: number
  /** Prints the database's revision (`alembic current`); else a `BG_SCHEMA_VERSION=` line of the migration. */
  schemaVersionCommand: string | undefined
  /** Runs when the migration fails or breaks the serving version (e.g. a downgrade). */
  failureCommand: string | undefined
}

/** blue-green-deploy's migration inputs; undefined when no migration is asked for. */
export function readMigrationSettings(reader: InputReader, provider: ProviderName): MigrationSettings | undefined {
  const { input, optionalInput } = reader
  const command = optionalInput('migrate-command', text)
  const jobFile = optionalInput('kubernetes-migration-job', text)
  if (jobFile !== undefined && provider !== 'kubernetes') {
    throw new InputError(
      'kubernetes-migration-job',
      jobFile,
      'a Job manifest only with provider kubernetes (use migrate-command)',
    )
  }
  if (command !== undefined && jobFile !== undefined) {
    throw new InputError('kubernetes-migration-job', jobFile, 'either it or migrate-command, not both')
  }
  if (command === undefined && jobFile === undefined) return undefined
  return {
    command,
    job: jobFile === undefined ? undefined : readJobManifest(jobFile),
    timeoutMs: input('migrate-timeout', duration({ allowZero: false })),
    compatWindowMs: input('compat-window', duration({ allowZero: true })),
    schemaVersionCommand: optionalInput('schema-version-command', text),
    failureCommand: optionalInput('migrate-failure-command', text),
  }
}

export interface MigrateRollbackSettings {
  /** Runs after traffic is back on the old version, only when given. */
  command: string | undefined
  schemaVersionCommand: string | undefined
}

export function readMigrateRollbackSettings({ optionalInput }: InputReader): MigrateRollbackSettings {
  return {
    command: optionalInput('migrate-rollback-command', text),
    schemaVersionCommand: optionalInput('schema-version-command', text),
  }
}
