import type { Observation } from '../adopt.js'
import type { Color, MigrationResult } from '../model.js'
import type { JobManifest } from './kubernetes/migration-manifest.js'

export interface SwitchTarget {
  color: Color
  version: string
  /** The color's own URL; absent with provider kubernetes when no `{color}-url` is given. */
  url: URL | undefined
}

/**
 * Points the public entrypoint's traffic at a color. Throws a UserError when it cannot. A
 * platform that runs the colors itself (Kubernetes) also starts, judges and stops them.
 */
export interface TrafficProvider {
  switchTo(target: SwitchTarget): Promise<void>
  /** Checks, before anything changes, that the objects it acts on exist and fit together. */
  preflight?(): Promise<void>
  /** Starts `version` on `color` without a deploy-command (kubernetes-image). */
  start?(target: SwitchTarget): Promise<void>
  /** Stops `color` without a stop-command (scale to 0). */
  stop?(color: Color): Promise<void>
  /** Whether the platform reports `color` ready for traffic, waiting up to `deadlineMs`; why not, or undefined. */
  waitReady?(color: Color, deadlineMs: number): Promise<string | undefined>
  /** Starts the reads a switch needs while its phase is written (nothing changes yet). */
  beforeSwitch?(): void
  /** After a switch: whether traffic now reaches only `color`, waiting up to `deadlineMs`; why not, or undefined. */
  confirmSwitch?(color: Color, deadlineMs: number): Promise<string | undefined>
  /**
   * What the data plane serves now, read under the lock: on a first run (no verified color in the
   * state), and on every run when `authoritative`.
   */
  observe(): Promise<Observation>
  /** The platform records where traffic goes itself (a Service's selector): it is read on every run. */
  authoritative?: boolean
  /** Starting a color replaces what it ran (a Deployment's rollout), so it need not be stopped first. */
  replacesOnStart?: boolean
  /** After the drain: a warning when someone else moved traffic away from `color` meanwhile. */
  drift?(color: Color): Promise<string | undefined>
  /** Runs a migration Job (provider kubernetes): created, waited on, its pods' logs collected. */
  runMigrationJob?(job: JobManifest, options: { version: string; timeoutMs: number }): Promise<MigrationResult>
  /** What deploy and stop commands get beside BG_COLOR, BG_VERSION and BG_URL. */
  commandEnv?(color: Color): Record<string, string>
}

/** The environment every user command gets: which color, which version, where it listens. */
export function colorEnv(target: SwitchTarget): Record<string, string> {
  return { BG_COLOR: target.color, BG_VERSION: target.version, BG_URL: target.url?.href.replace(/\/$/, '') ?? '' }
}
