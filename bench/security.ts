// security-gate on a SARIF log of 100,000 results (~150 MB), run as the runner runs the bundle,
// beside a plain JSON.parse of the same file in the same run: wall time and peak RSS of each.
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readActionYml, repoRoot } from '../tools/lib/action-yml.js'
import { ensureNode24 } from '../tools/node24.js'
import { inputEnv } from '../tests/harness/run-action.js'

const RESULTS = Number(process.env.BENCH_SECURITY_RESULTS ?? 100_000)

async function writeSarif(file: string): Promise<void> {
  const out = createWriteStream(file)
  const put = (text: string) =>
    new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())))
  const rules = Array.from({ length: 200 }, (_, i) => ({
    id: `js/rule-${i}`,
    shortDescription: { text: `Rule ${i}` },
    properties: { 'security-severity': String((i % 100) / 10) },
  }))
  await put(
    `{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"CodeQL","rules":${JSON.stringify(rules)}}},"results":[`,
  )
  for (let i = 0; i < RESULTS; i++) {
    const result = {
      ruleId: `js/rule-${i % 200}`,
      ruleIndex: i % 200,
      message: {
        text: `Finding ${i}: untrusted data flows from this source into a sensitive sink without sanitization. ${'Detail. '.repeat(140)}`,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: `src/module${i % 500}/file${i}.js` },
            region: { startLine: (i % 900) + 1, startColumn: 5, endColumn: 40 },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: `${i.toString(16).padStart(16, '0')}:1` },
    }
    await put(`${i ? ',' : ''}${JSON.stringify(result)}`)
  }
  await put(']}]}\n')
  await new Promise((resolve) => out.end(resolve))
}

function timed(
  command: string[],
  env: NodeJS.ProcessEnv,
): { seconds: number; maxRssMb: number; status: number | null } {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], { env, encoding: 'utf8', maxBuffer: 1 << 28 })
  if (run.status !== 0)
    console.error(
      run.stdout
        .split('\n')
        .filter((line) => line.startsWith('::error'))
        .join('\n'),
    )
  const [seconds = 'NaN', kb = 'NaN'] = run.stderr.trim().split('\n').pop()?.split(' ') ?? []
  return { seconds: Number(seconds), maxRssMb: Number(kb) / 1024, status: run.status }
}

export async function run(): Promise<Record<string, unknown>> {
  if (spawnSync('/usr/bin/time', ['-f', '%e', 'true']).status !== 0)
    throw new Error('GNU time is missing: sudo apt-get install -y time')
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-bench-sec-'))
  try {
    const file = join(dir, 'big.sarif')
    await writeSarif(file)
    const mb = statSync(file).size / 2 ** 20
    const node = ensureNode24()
    const action = join(repoRoot, 'actions', 'security-gate')
    const env = {
      PATH: process.env.PATH ?? '',
      GITHUB_WORKSPACE: dir,
      RUNNER_TEMP: dir,
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      ...inputEnv(
        readActionYml(action),
        { reports: 'big.sarif', comment: 'off', 'fail-on-severity': 'none', 'sarif-output': 'merged.sarif' },
        '',
      ),
    }
    for (const name of ['output', 'summary.md']) writeFileSync(join(dir, name), '')
    const gate = timed([node, join(action, 'dist', 'index.js')], env)
    const parse = timed([node, '-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`], env)
    if (gate.status !== 0) throw new Error(`security-gate exited ${gate.status} on the benchmark file`)
    console.log(`SARIF with ${RESULTS} results, ${mb.toFixed(0)} MB:`)
    console.log('| | seconds | peak RSS |')
    console.log('| --- | --- | --- |')
    console.log(
      `| security-gate bundle (parse, dedupe, gate, summary, annotations, merged SARIF) | ${gate.seconds} (target < 5) | ${gate.maxRssMb.toFixed(0)} MB (target < 1024) |`,
    )
    console.log(`| JSON.parse of the same file | ${parse.seconds} | ${parse.maxRssMb.toFixed(0)} MB |`)
    console.log(
      `Ratio: the whole gate takes ${(gate.seconds / parse.seconds).toFixed(1)}x a bare JSON.parse, ${(gate.maxRssMb / parse.maxRssMb).toFixed(1)}x its memory`,
    )
    return { results: RESULTS, mb, gate, parse }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
