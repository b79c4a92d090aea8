/**
 * A file as a person reads it in a summary, a comment or report-json: relative to the workspace
 * when it is inside it (`reports/bandit.json`, not `/home/runner/work/app/app/reports/bandit.json`),
 * with `/` separators on every runner.
 */
export function workspacePath(file: string, workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()): string {
  const normalized = file.replace(/\\/g, '/')
  const root = `${workspace.replace(/\\/g, '/').replace(/\/$/, '')}/`
  return normalized.startsWith(root) ? normalized.slice(root.length) : normalized
}
