import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../../tests/harness/run-action.js'
import { actionNames, repoRoot } from './action-yml.js'
import { readFileSync } from 'node:fs'
import { expressionProblems, runnerManifestProblems } from './runner-manifest.js'

const manifest = (body: string) => `name: t\ndescription: d\n${body}\nruns:\n  using: node24\n  main: dist/index.js\n`

describe('runnerManifestProblems: what the runner refuses to load', () => {
  it.each([
    [
      'an output with required and default (the rollback defect)',
      manifest("outputs:\n  rate:\n    description: r\n    required: false\n    default: '10'"),
      ["output 'rate' has 'required'", "output 'rate' has 'default'"],
    ],
    ['an output that is a string', manifest('outputs:\n  rate: fast'), ["output 'rate' is string: expected a mapping"]],
    [
      'an unknown key in runs of a node action',
      'name: t\nruns:\n  using: node24\n  main: dist/index.js\n  image: x',
      ["runs has 'image'"],
    ],
    ['runs without main', 'name: t\nruns:\n  using: node24', ['runs.main is missing']],
    ['a runtime the runner does not know', 'name: t\nruns:\n  using: node99\n  main: a.js', ["runs.using is 'node99'"]],
    ['a sequence as a default', manifest('inputs:\n  x:\n    default: [a, b]'), ["input 'x' default is a sequence"]],
    [
      'a bare boolean default',
      manifest('inputs:\n  x:\n    default: true'),
      ["input 'x' default is boolean: expected a string (quote it: 'true')"],
    ],
    ['a bare number default', manifest('inputs:\n  x:\n    default: 10'), ["input 'x' default is number"]],
    [
      'the secrets context in a default',
      manifest("inputs:\n  x:\n    default: '${{ secrets.TOKEN }}'"),
      ["input 'x' default: context 'secrets' is not available here"],
    ],
    [
      'the env context in a default',
      manifest("inputs:\n  x:\n    default: '${{ env.HOME }}'"),
      ["input 'x' default: context 'env' is not available here"],
    ],
    [
      'a status function in a default',
      manifest("inputs:\n  x:\n    default: '${{ success() }}'"),
      ["input 'x' default: function 'success' is not available here"],
    ],
    [
      'an expression left open',
      manifest("inputs:\n  x:\n    default: '${{ github.token'"),
      ["input 'x' default: an expression is not closed"],
    ],
    ['a duplicate key', manifest('inputs:\n  x:\n    default: a\n  x:\n    default: b'), ['not valid YAML']],
    [
      'a description that is a mapping',
      'name: t\ndescription:\n  a: b\nruns:\n  using: node24\n  main: a.js',
      ['description is a mapping'],
    ],
  ])('refuses %s', (_, source, expected) => {
    const problems = runnerManifestProblems(source)
    for (const fragment of expected) expect(problems.join('\n')).toContain(fragment)
  })

  it.each([
    ['github.token', "'${{ github.token }}'"],
    ['runner and hashFiles', "'${{ runner.temp }}/${{ hashFiles(''**/lock'') }}'"],
    ['a string holding braces', "'${{ format(''{0}}}'', github.ref) }}'"],
    ['a job context property named like a context', "'${{ github.env }}'"],
  ])('accepts a default using %s', (_, value) => {
    expect(runnerManifestProblems(manifest(`inputs:\n  x:\n    default: ${value}`))).toEqual([])
  })

  it('accepts post, post-if and branding, which the schema lets through', () => {
    const source =
      "name: t\ndescription: d\nbranding:\n  color: blue\nruns:\n  using: node24\n  main: dist/index.js\n  post: dist/index.js\n  post-if: 'always()'\n"
    expect(runnerManifestProblems(source)).toEqual([])
  })

  it('accepts a composite-style output value with the steps context', () => {
    expect(expressionProblems('${{ steps.a.outputs.b }}', { named: ['steps'], functions: [] })).toEqual([])
  })

  it.each(actionNames())('loads the committed actions/%s/action.yml', (name) => {
    expect(runnerManifestProblems(readFileSync(join(repoRoot, 'actions', name, 'action.yml'), 'utf8'))).toEqual([])
  })
})

describe('the harness runs only what the runner would load', () => {
  it('refuses an action whose manifest the runner would refuse, before running it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-manifest-'))
    mkdirSync(join(dir, 'dist'))
    writeFileSync(join(dir, 'dist', 'index.js'), 'process.stdout.write("ran\\n")\n')
    writeFileSync(
      join(dir, 'action.yml'),
      manifest('outputs:\n  watch-window:\n    description: w\n    required: false\n    default: 5s'),
    )
    await expect(runAction(dir)).rejects.toThrow(/runner would refuse to load .*output 'watch-window' has 'required'/s)
  })
})
