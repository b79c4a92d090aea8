// The deploy domain's words, imported by the engine, the planner and every provider: the colors,
// the providers, and the target a deploy acts on (one union member per provider).
import type { MetricsInputs } from '../metrics/index.js'
import type { StatusRange } from '../action/parse.js'
import type { CommandSettings } from './providers/command/inputs.js'
import type { KubernetesSettings } from './providers/kubernetes/inputs.js'
import type { NginxSettings } from './providers/nginx/inputs.js'

export const COLORS = ['blue', 'green'] as const
export type Color = (typeof COLORS)[number]

export function otherColor(color: Color): Color {
  return color === 'blue' ? 'green' : 'blue'
}

export const PROVIDERS = ['nginx', 'command', 'kubernetes'] as const
export type ProviderName = (typeof PROVIDERS)[number]

/** What blue-green-deploy and rollback share under the same names, whatever the provider. */
export interface CommonTarget {
  urls: Record<Color, URL | undefined>
  publicUrl: URL | undefined
  healthPath: string
  deployCommand: string | undefined
  stopCommand: string | undefined
  timeoutMs: number
  deadlineMs: number
  expectedStatus: StatusRange[]
  lockTimeoutMs: number
  /** Prometheus checks judged after the switch (deploy) and during the watch (rollback). */
  metrics: MetricsInputs | undefined
  environment: string | undefined
  githubToken: string | undefined
}

/** Where a deploy acts: a new provider is one more member here and one more folder in providers/. */
export type DeployTarget = CommonTarget &
  (
    | { provider: 'nginx'; stateDir: string; nginx: NginxSettings }
    | { provider: 'command'; stateDir: string; command: CommandSettings }
    /** `stateDir` empty: the state and lock live in the cluster. */
    | { provider: 'kubernetes'; stateDir: string | undefined; kubernetes: KubernetesSettings }
  )

/** How a database migration went: the command's or the Job's. */
export interface MigrationResult {
  ok: boolean
  /** Why it failed: the exit code, a timeout, the Job's condition. */
  why: string
  /** Its last output lines. */
  tail: string
  /** The revision it printed as `BG_SCHEMA_VERSION=…`, when it did. */
  revision: string | undefined
}
