import { describe, expect, it } from '@jest/globals'
import { matchesGlob } from 'node:path'
import { compileGlobs, indexGlobs } from './globs.js'

const paths = [
  'web/web/views.py',
  'web/index.ts',
  'webapp/index.ts',
  'services/api/app.py',
  'services/billing/deep/er/x.py',
  'packages/.hidden/x.ts',
  'src/a.test.ts',
  'README.md',
]

describe('compiled globs', () => {
  // The same answers as Node's matchesGlob, which `exclude` and the ignore file have always used.
  it.each([
    'web/**',
    'web/web/views.py',
    '**/*.ts',
    'services/{api,billing}/**',
    'services/*/app.py',
    'packages/**',
    '*.md',
    'src/**/*.test.ts',
    '!web/**',
  ])('%s matches what path.matchesGlob matches', (glob) => {
    const test = compileGlobs([glob])
    expect(paths.filter(test)).toEqual(paths.filter((path) => matchesGlob(path, glob)))
  })

  it('does not take a folder for a longer name that starts like it', () => {
    expect(compileGlobs(['web/**'])('webapp/index.ts')).toBe(false)
  })

  it('matches when any glob of a list does', () => {
    const test = compileGlobs(['web/**', 'services/api/**'])
    expect(paths.filter(test)).toEqual(['web/web/views.py', 'web/index.ts', 'services/api/app.py'])
  })

  it('says which globs of a list match a path, in order', () => {
    const matching = indexGlobs(['services/**', 'services/api/**', '**/*.py', 'services/api/app.py', 'web/**'])
    expect(matching('services/api/app.py')).toEqual([0, 1, 2, 3])
    expect(matching('web/web/views.py')).toEqual([2, 4])
    expect(matching('README.md')).toEqual([])
  })
})
