import { describe, expect, it } from '@jest/globals'
import { mapPath, normalize, type RepoIndex } from './paths.js'

function repo(files: string[], goModules: RepoIndex['goModules'] = []): RepoIndex {
  const byBasename = new Map<string, string[]>()
  for (const file of files) {
    const base = file.split('/').pop() ?? file
    byBasename.set(base, [...(byBasename.get(base) ?? []), file])
  }
  return { root: '/home/runner/work/app/app', files: new Set(files), byBasename, goModules }
}

const files = ['src/app.ts', 'src/util/math.ts', 'lib/math.ts', 'pkg/server/handler.go']
const context = {
  repo: repo(files, [{ module: 'github.com/acme/app', dir: '' }]),
  fixes: [{ before: '/build/src/', after: 'src/' }],
  workspaces: ['/home/runner/work/app/app'],
}

describe('mapPath: a report path onto the repository', () => {
  it.each<[string, string, string[], boolean, string | undefined]>([
    ['a repository-relative path', 'src/app.ts', [], false, 'src/app.ts'],
    ['this workspace, absolute', '/home/runner/work/app/app/src/app.ts', [], false, 'src/app.ts'],
    ['a Windows runner path', 'D:\\a\\app\\app\\src\\app.ts', [], false, 'src/app.ts'],
    ['a file:// URI', 'file:///home/runner/work/app/app/src/util/math.ts', [], false, 'src/util/math.ts'],
    ['a path-fixes rewrite', '/build/src/util/math.ts', [], false, 'src/util/math.ts'],
    ['a Cobertura source root', 'util/math.ts', ['/home/runner/work/app/app/src'], false, 'src/util/math.ts'],
    ['a Go import path', 'github.com/acme/app/pkg/server/handler.go', [], true, 'pkg/server/handler.go'],
    ['the unique longest suffix', '/somewhere/else/util/math.ts', [], false, 'src/util/math.ts'],
    ['nothing when two files tie on the suffix', '/elsewhere/math.ts', [], false, undefined],
    ['nothing for a file outside the repository', '/usr/include/stdio.h', [], false, undefined],
  ])('maps %s', (_, path, roots, go, expected) => {
    expect(mapPath(path, roots, context, go)).toBe(expected)
  })
})

// coverage.py with --cov=app on another machine: <source> is the package folder there.
describe('mapPath: a root made on another machine', () => {
  const monorepo = {
    repo: repo(['hub-api/app/__init__.py', 'hub-api/app/config/settings.py', 'web/app/__init__.py', 'app/x.py']),
    fixes: [],
    workspaces: ['/home/runner/work/app/app'],
  }
  it.each<[string, string[], string | undefined]>([
    ['__init__.py', ['/ci/checkout/hub-api/app'], 'hub-api/app/__init__.py'],
    ['config/settings.py', ['/ci/checkout/hub-api/app'], 'hub-api/app/config/settings.py'],
    ['__init__.py', ['/ci/checkout/web/app'], 'web/app/__init__.py'],
    ['x.py', ['/ci/checkout/app'], 'app/x.py'],
    ['__init__.py', ['/ci/a/hub-api/app', '/ci/b/web/app'], undefined],
    ['__init__.py', ['/ci/checkout/app'], undefined],
  ])('%s under %j is %s', (path, roots, expected) => {
    expect(mapPath(path, roots, monorepo, false)).toBe(expected)
  })
})

describe('normalize', () => {
  it.each([
    ['C:\\work\\src\\a.ts', '/work/src/a.ts'],
    ['./src//a.ts', 'src/a.ts'],
    ['file:///tmp/a%20b.ts', '/tmp/a b.ts'],
  ])('%s -> %s', (path, expected) => expect(normalize(path)).toBe(expected))
})
