import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { repoRoot } from './action-yml.js'
import { licensesFromStats } from './bundle-licenses.js'

const temps: string[] = []
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

// Real installed packages: yaml (ISC, an ES module webpack concatenates) and @actions/core (MIT).
const fromCoverageGate = createRequire(join(repoRoot, 'actions', 'coverage-gate', 'package.json'))
const yamlDir = join(dirname(fromCoverageGate.resolve('yaml')), '..')

describe('licensesFromStats', () => {
  it('lists each package a bundled module comes from once, inner modules of a concatenated one too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-stats-'))
    temps.push(dir)
    const yamlFile = readFileSync(join(yamlDir, 'package.json'), 'utf8')
    const { version } = JSON.parse(yamlFile) as { version: string }
    const stats = {
      modules: [
        { nameForCondition: join(repoRoot, 'packages', 'core', 'src', 'action', 'index.ts') },
        {
          nameForCondition: join(repoRoot, 'actions', 'coverage-gate', 'src', 'index.ts'),
          modules: [
            { nameForCondition: join(yamlDir, 'dist', 'index.js') },
            { nameForCondition: join(yamlDir, 'dist', 'parse', 'parser.js') },
          ],
        },
      ],
    }
    writeFileSync(join(dir, 'stats.json'), JSON.stringify(stats))
    const text = licensesFromStats(join(dir, 'stats.json'))
    expect(text.startsWith(`yaml@${version}\nISC\nCopyright Eemeli Aro`)).toBe(true)
    expect(text.match(/^yaml@/gm)).toHaveLength(1)
    expect(text).not.toContain('@shipgate')
  })

  it('is what every committed bundle ships: @actions/core and the ES modules ncc left out are named', () => {
    for (const action of ['coverage-gate', 'security-gate', 'health-check', 'blue-green-deploy', 'rollback']) {
      const text = readFileSync(join(repoRoot, 'actions', action, 'dist', 'licenses.txt'), 'utf8')
      expect(text).toMatch(/^@actions\/core@\d+\.\d+\.\d+\nMIT\n/m)
    }
    const coverage = readFileSync(join(repoRoot, 'actions', 'coverage-gate', 'dist', 'licenses.txt'), 'utf8')
    expect(coverage).toMatch(/^yaml@\d+\.\d+\.\d+\nISC\n/m)
    expect(coverage).toMatch(/^picomatch@\d+\.\d+\.\d+\nMIT\n/m)
  })
})
