// coverage-gate through its committed bundle on every coverage report of the real-world corpus
// (tests/fixtures/corpus/real, SOURCES.md: reports committed in public repositories), each in a
// git repository holding exactly the files of the commit the report came from (its tree.txt).
// The expected numbers are the producing tool's own, read from the file by hand, never from our
// parser: the report's stated totals (Cobertura root attributes, JaCoCo report counters, Clover
// project metrics, coverage-summary.json `total`, LCOV LF/LH/BRF/BRH summed over records), or, for
// formats that state none, the tool's own rule applied to the raw data (go tool cover: statements
// of blocks, duplicates merged; istanbul: a line per statement start, branch arms by count).
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../tools/lib/action-yml.js'
import { repositoryListing } from './harness/git-index.js'
import { runAction } from './harness/run-action.js'

const corpus = join(repoRoot, 'tests', 'fixtures', 'corpus', 'real', 'coverage')
const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

/**
 * A checkout of the report's commit as git sees it: every path of tree.txt in the index (empty
 * blobs: coverage-gate reads only the file list), the verbatim files of `files/` on disk.
 */
function checkoutOf(folder: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-corpus-'))
  temps.push(dir)
  repositoryListing(
    dir,
    readFileSync(join(corpus, folder, 'tree.txt'), 'utf8')
      .split('\n')
      .filter(Boolean),
  )
  const verbatim = join(corpus, folder, 'files')
  if (existsSync(verbatim)) {
    for (const name of readdirSync(verbatim)) {
      copyFileSync(join(verbatim, name), join(dir, name))
      execFileSync('git', ['add', name], { cwd: dir })
    }
  }
  return dir
}

interface Case {
  folder: string
  /** Covered and total lines (Go: statements; Clover: statements) as the tool states them. */
  lines: [number, number]
  /** Covered and total branches, or undefined when the tool measured none. */
  branches?: [number, number]
  /** Where the tool states them. */
  source: string
}

const CASES: Case[] = [
  {
    folder: 'clover-istanbul-ngx-bdir',
    lines: [48, 48],
    branches: [12, 14],
    source: '<project><metrics> statements, conditionals',
  },
  {
    folder: 'clover-openclover-4.4.1-testproject',
    lines: [6184, 9423],
    branches: [2784, 4876],
    source: '<project><metrics> statements, conditionals (the <testproject> left out)',
  },
  {
    folder: 'clover-phpunit-laravel-soft-cascade',
    lines: [124, 136],
    source: '<project><metrics> statements; conditionals="0"',
  },
  { folder: 'cobertura-coveragepy-conflowgen-windows', lines: [143, 143], source: 'root lines-covered/lines-valid' },
  {
    folder: 'cobertura-coveragepy-libpqc-branches',
    lines: [4477, 4585],
    branches: [1397, 1494],
    source: 'root lines-*/branches-* attributes',
  },
  {
    folder: 'cobertura-coverlet-porting-assistant',
    lines: [1739, 2495],
    branches: [436, 735],
    source: 'root lines-*/branches-* attributes',
  },
  { folder: 'cobertura-gcovr-libmemalloc', lines: [907, 1289], branches: [282, 562], source: 'root attributes' },
  {
    folder: 'cobertura-istanbul-grandlinex-core',
    lines: [2205, 2470],
    branches: [541, 790],
    source: 'root attributes (branches include lines without a statement)',
  },
  { folder: 'cobertura-istanbul-mjml-bar-chart', lines: [61, 63], branches: [5, 11], source: 'root attributes' },
  {
    folder: 'cobertura-maven-2.0.3-suitcase',
    lines: [975, 1113],
    branches: [282, 349],
    source: 'root attributes (a line counted once per class that lists it)',
  },
  { folder: 'cobertura-maven-2.1.1-safeexecutor', lines: [26, 26], branches: [6, 6], source: 'root attributes' },
  { folder: 'go-atomic-cerberus', lines: [392, 448], source: 'go tool cover: statements of covered blocks (87.5%)' },
  { folder: 'go-set-slip10', lines: [654, 671], source: 'go tool cover: statements of covered blocks (97.5%)' },
  { folder: 'istanbul-final-ngx-bdir', lines: [48, 48], branches: [12, 14], source: 'istanbul line and branch rules' },
  {
    folder: 'istanbul-final-rjson-parser',
    lines: [567, 680],
    branches: [251, 360],
    source: 'istanbul line and branch rules',
  },
  {
    folder: 'istanbul-final-solidity-coverage',
    lines: [0, 7],
    branches: [0, 6],
    source: 'the file’s own l map, as istanbul 0.4.5 `istanbul report` counts it (Lines 0/7; statements start on 5)',
  },
  { folder: 'istanbul-summary-tsinjex', lines: [118, 121], branches: [71, 78], source: 'total.lines, total.branches' },
  {
    folder: 'jacoco-gradle-closure-stylesheets',
    lines: [11871, 14552],
    branches: [4177, 6179],
    source: '<report> LINE and BRANCH counters',
  },
  {
    folder: 'jacoco-gradle-kotlin-springkotlintemplate',
    lines: [5, 9],
    source: '<report> LINE counter; no BRANCH counter',
  },
  {
    folder: 'jacoco-maven-0.8.7-aggregate-group',
    lines: [496, 630],
    branches: [59, 762],
    source: '<report> LINE and BRANCH counters',
  },
  {
    folder: 'lcov-cargo-llvm-cov-macos',
    lines: [808, 985],
    source: 'LF/LH summed (they differ from the DA lines); BRF:0',
  },
  { folder: 'lcov-dart-epub', lines: [21, 21], source: 'LF/LH summed; no branch records' },
  { folder: 'lcov-foundry-p256-verifier', lines: [121, 174], branches: [39, 76], source: 'LF/LH/BRF/BRH summed' },
  { folder: 'lcov-jest-tsinjex', lines: [118, 121], branches: [71, 78], source: 'LF/LH/BRF/BRH summed' },
]

const pct2 = (covered: number, total: number) => String(Math.round((covered / total) * 10_000) / 100)

function reportOf(folder: string): string {
  const name = readdirSync(join(corpus, folder)).find((entry) => entry !== 'tree.txt' && entry !== 'files')
  if (!name) throw new Error(`${folder} holds no report`)
  return name
}

async function gateOn(folder: string, inputs: Record<string, string> = {}) {
  const workspace = checkoutOf(folder)
  const report = reportOf(folder)
  mkdirSync(join(workspace, 'reports'))
  copyFileSync(join(corpus, folder, report), join(workspace, 'reports', report))
  return runAction('coverage-gate', {
    workspace,
    inputs: { reports: `reports/${report}`, 'min-line': '0', comment: 'off', ...inputs },
  })
}

describe('coverage-gate headlines equal the producing tool’s own on the real-world corpus', () => {
  it('covers every coverage report of the corpus', () => {
    const named = new Set([...CASES.map((c) => c.folder), 'lcov-lcov2-coremqtt'])
    expect(readdirSync(corpus).filter((folder) => !named.has(folder))).toEqual([])
  })

  it.each(CASES.map((c) => [c.folder, c] as const))('%s', async (folder, expected) => {
    const { main } = await gateOn(folder)
    expect(main.errors).toEqual([])
    expect(main.exitCode).toBe(0)
    const [covered, total] = expected.lines
    expect({ source: expected.source, ...main.outputs }).toMatchObject({
      source: expected.source,
      'lines-covered': String(covered),
      'lines-total': String(total),
      'line-coverage': pct2(covered, total),
      'branch-coverage': expected.branches ? pct2(...expected.branches) : '',
    })
  })
})

describe('when the report’s own total is not the headline, the summary says why', () => {
  // coverage.py's real report on libpqc with its root totals zeroed, as a broken merge tool
  // writes them (lines-valid="0" over thousands of lines): the files' own lines, 4477 of 4585
  // (what coverage.py states in the unmodified file), are the headline, and the summary says why.
  it('a stated total impossible for the report’s own lines is recomputed, and said so', async () => {
    const folder = 'cobertura-coveragepy-libpqc-branches'
    const workspace = checkoutOf(folder)
    const report = reportOf(folder)
    const xml = readFileSync(join(corpus, folder, report), 'utf8').replace(
      /lines-valid="\d+" lines-covered="\d+"|lines-covered="\d+" lines-valid="\d+"/,
      'lines-covered="0" lines-valid="0"',
    )
    expect(xml).toContain('lines-covered="0" lines-valid="0"')
    writeFileSync(join(workspace, 'coverage.xml'), xml)
    const { main } = await runAction('coverage-gate', {
      workspace,
      inputs: { reports: 'coverage.xml', 'min-line': '90', comment: 'off' },
    })
    expect(main.errors).toEqual([])
    expect(main.outputs).toMatchObject({ 'lines-covered': '4477', 'lines-total': '4585' })
    expect(main.summary).toContain('cannot be true: it states 0 lines where its files list 4585')
  })

  // lcov 2.x on coreMQTT: 24 records, of which 14 (generated test runners, mocks, the CMock
  // submodule: 16547 DA lines) are not files of the repository. The matched ten have 11445 of
  // 11560 DA lines hit and 2034 of 2135 BRDA branches taken (worked out from the file and
  // tree.txt); the records' own LF/LH, all 24 of them, sum to 14055 of 28107.
  it('lcov-lcov2-coremqtt: recomputed from the matched files, the report’s own total beside it', async () => {
    const { main } = await gateOn('lcov-lcov2-coremqtt')
    expect(main.outputs).toMatchObject({
      'lines-covered': '11445',
      'lines-total': '11560',
      'branch-coverage': pct2(2034, 2135),
    })
    expect(main.summary).toContain(
      "recomputed from the reports' line data: 14 of its files match no file of the repository",
    )
    expect(main.summary).toContain('Left out: 14 files, 16547 lines')
    expect(main.summary).toContain('14055 of 28107 lines')
    const json = JSON.parse(readFileSync(main.outputs['report-json'] ?? '', 'utf8')) as {
      headline: { from: string }
      reports: Array<{ stated: { lines: { covered: number; total: number } } }>
    }
    expect(json.headline.from).toBe('line data')
    expect(json.reports[0]?.stated.lines).toEqual({ covered: 14055, total: 28107 })
  })

  // cargo-llvm-cov: the records' LF/LH sum to 808 of 985; their DA lines give 798 of 941.
  it('lcov-cargo-llvm-cov-macos: the tool’s total is the headline, the line data’s beside it', async () => {
    const { main } = await gateOn('lcov-cargo-llvm-cov-macos')
    expect(main.outputs).toMatchObject({ 'lines-covered': '808', 'lines-total': '985' })
    expect(main.summary).toContain("Totals are the report's own (lcov: LF/LH, BRF/BRH summed over records)")
    expect(main.summary).toContain('Its line data gives 798 of 941 lines')
  })

  it('an excluded file sets the report’s total aside, and says so', async () => {
    const { main } = await gateOn('cobertura-coveragepy-libpqc-branches', { exclude: 'src/analysis/**' })
    expect(main.errors).toEqual([])
    expect(Number(main.outputs['lines-total'])).toBeLessThan(4585)
    expect(main.summary).toMatch(/recomputed from the reports' line data: \d+ of its files are excluded by `exclude`/)
  })
})
