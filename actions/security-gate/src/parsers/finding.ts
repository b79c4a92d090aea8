import { fingerprintOf, type Finding } from '../model.js'

/** A finding of an advisory in a package, as the dependency and container scanners report them. */
export function advisoryFinding(
  file: string,
  tool: string,
  id: string,
  severity: Finding['severity'],
  pkg: Finding['package'],
  message: string,
  aliases: string[] = [],
  category: Finding['category'] = 'dependency',
): Finding {
  return {
    tool,
    category,
    id,
    aliases: aliases.filter((alias) => alias !== id),
    severity,
    package: pkg,
    message,
    fingerprint: fingerprintOf(tool, id, pkg?.name, pkg?.version),
    report: file,
  }
}
