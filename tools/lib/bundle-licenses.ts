// The licenses.txt beside each bundle: the notice of every package webpack put into it. ncc's own
// `--license` misses the modules it concatenates (ES modules): @actions/core, undici, yaml and
// picomatch were bundled without their notices. The build's stats name every bundled module, so
// the list comes from there.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface StatsModule {
  nameForCondition?: string
  modules?: StatsModule[]
}

/** The root folder of each npm package a bundled module comes from (workspace packages are ours). */
function packageDirs(modules: readonly StatsModule[], into = new Set<string>()): Set<string> {
  for (const module of modules) {
    const path = module.nameForCondition ?? ''
    const at = path.lastIndexOf('/node_modules/')
    if (at !== -1) {
      const rest = path.slice(at + '/node_modules/'.length).split('/')
      const name = rest[0]?.startsWith('@') ? rest.slice(0, 2).join('/') : (rest[0] ?? '')
      into.add(path.slice(0, at + '/node_modules/'.length) + name)
    }
    packageDirs(module.modules ?? [], into)
  }
  return into
}

function licenseText(dir: string): string {
  const file = readdirSync(dir)
    .filter((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name))
    .sort()[0]
  return file ? readFileSync(join(dir, file), 'utf8').trim() : '(the package has no license file)'
}

export function licensesFromStats(statsFile: string): string {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { modules?: StatsModule[] }
  const entries = [...packageDirs(stats.modules ?? [])]
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string
        version?: string
        license?: string
      }
      return {
        id: `${pkg.name ?? dir}@${pkg.version ?? ''}`,
        license: pkg.license ?? 'UNKNOWN',
        text: licenseText(dir),
      }
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return `${entries.map((entry) => `${entry.id}\n${entry.license}\n${entry.text}`).join('\n\n')}\n`
}
