import type { Color } from '../inputs.js'

export interface SwitchTarget {
  color: Color
  version: string
  url: URL
}

/** Points the public entrypoint's traffic at a color. Throws a UserError when it cannot. */
export interface TrafficProvider {
  switchTo(target: SwitchTarget): Promise<void>
}

/** The environment every user command gets: which color, which version, where it listens. */
export function colorEnv(target: SwitchTarget): Record<string, string> {
  return { BG_COLOR: target.color, BG_VERSION: target.version, BG_URL: target.url.href.replace(/\/$/, '') }
}
