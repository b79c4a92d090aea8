import { globSync } from 'node:fs'
import { resolve } from 'node:path'

/** Dependencies ship reports of their own; they are never the user's. */
const IGNORED = /(^|\/)(node_modules|\.git)\//

/** Files matching the globs under `cwd`, absolute, sorted, each once, none from node_modules or .git. */
export function findFiles(globs: readonly string[], cwd: string): string[] {
  const found = new Set<string>()
  for (const pattern of globs) {
    for (const file of globSync(pattern, { cwd })) {
      if (!IGNORED.test(file.replace(/\\/g, '/'))) found.add(resolve(cwd, file))
    }
  }
  return [...found].sort()
}
