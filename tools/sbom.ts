// `pnpm sbom <file>`: a CycloneDX 1.5 JSON inventory of the production dependencies (what the
// action bundles ship), with each package's declared license, from `pnpm licenses list`.
// security-gate reads it for license compliance.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { repoRoot } from './lib/action-yml.js'
import { pnpmCommand } from './lib/system.js'

interface PnpmLicensePackage {
  name: string
  versions: string[]
  license: string
}

export function cycloneDx(): object {
  const pnpm = pnpmCommand()
  const listing = JSON.parse(
    execFileSync(pnpm.file, [...pnpm.args, 'licenses', 'list', '--prod', '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    }),
  ) as Record<string, PnpmLicensePackage[]>
  const components = Object.values(listing)
    .flat()
    .flatMap((pkg) =>
      pkg.versions.map((version) => ({
        type: 'library',
        'bom-ref': `pkg:npm/${pkg.name}@${version}`,
        name: pkg.name,
        version,
        purl: `pkg:npm/${pkg.name}@${version}`,
        // pnpm reports the package.json license field: an SPDX expression, or a name when it is not one.
        licenses: pkg.license && pkg.license !== 'Unknown' ? [{ expression: pkg.license }] : [],
      })),
    )
    .sort((a, b) => a['bom-ref'].localeCompare(b['bom-ref']))
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    metadata: { component: { type: 'application', name: 'shipgate' } },
    components,
  }
}

if (process.argv[1]?.endsWith('sbom.ts')) {
  const out = resolve(process.argv[2] ?? 'sbom.cdx.json')
  writeFileSync(out, `${JSON.stringify(cycloneDx(), null, 2)}\n`)
  console.log(`wrote ${out}`)
}
