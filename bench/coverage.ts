// Parse throughput and peak memory of coverage-gate's streaming LCOV and Cobertura parsers on
// synthetic 10, 100 and 500 MB reports, beside lcov-parse and a whole-document XML parse
// (fast-xml-parser) on the same files in the same run, each parse in its own process.
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../tools/lib/action-yml.js'

const SIZES_MB = (process.env.BENCH_COVERAGE_SIZES ?? '10,100,500').split(',').map(Number)
const LINES_PER_FILE = 400

async function write(
  file: string,
  targetBytes: number,
  header: string,
  block: (i: number) => string,
  footer: string,
): Promise<void> {
  const out = createWriteStream(file)
  let written = 0
  const put = (text: string) =>
    new Promise<void>((resolve) => {
      written += Buffer.byteLength(text)
      if (out.write(text)) resolve()
      else out.once('drain', resolve)
    })
  await put(header)
  for (let i = 0; written < targetBytes; i++) await put(block(i))
  await put(footer)
  await new Promise((resolve) => out.end(resolve))
}

function lcovBlock(i: number): string {
  let text = `TN:\nSF:src/module${i}/file${i}.ts\n`
  for (let line = 1; line <= LINES_PER_FILE; line++) {
    text += `DA:${line},${(line * 7 + i) % 5}\n`
    if (line % 10 === 0) text += `BRDA:${line},0,0,${line % 3}\nBRDA:${line},0,1,-\n`
  }
  return `${text}LF:${LINES_PER_FILE}\nLH:0\nend_of_record\n`
}

function coberturaBlock(i: number): string {
  let text = `<class name="file${i}" filename="src/module${i}/file${i}.py" line-rate="0.5" branch-rate="0.5"><methods/><lines>\n`
  for (let line = 1; line <= LINES_PER_FILE; line++) {
    text +=
      line % 10 === 0
        ? `<line number="${line}" hits="${line % 3}" branch="true" condition-coverage="50% (1/2)"/>\n`
        : `<line number="${line}" hits="${(line * 7 + i) % 5}"/>\n`
  }
  return `${text}</lines></class>\n`
}

function measure(parser: string, file: string): { ok: boolean; ms?: number; maxRssMb: number; error?: string } {
  const run = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', '--import', 'tsx', join(repoRoot, 'bench', 'coverage-worker.ts'), parser, file],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 1 << 20,
    },
  )
  const line = run.stdout.trim().split('\n').pop() ?? ''
  try {
    return JSON.parse(line) as { ok: boolean; ms?: number; maxRssMb: number; error?: string }
  } catch {
    return {
      ok: false,
      maxRssMb: 0,
      error: run.signal ? `killed (${run.signal})` : (run.stderr.trim().split('\n').pop() ?? 'crashed').slice(0, 120),
    }
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-bench-cov-'))
  const rows: Array<Record<string, unknown>> = []
  try {
    for (const sizeMb of SIZES_MB) {
      const lcov = join(dir, `${sizeMb}.lcov`)
      const xml = join(dir, `${sizeMb}.xml`)
      await write(lcov, sizeMb * 2 ** 20, '', lcovBlock, '')
      await write(
        xml,
        sizeMb * 2 ** 20,
        '<?xml version="1.0"?>\n<coverage line-rate="0.5" version="1"><sources><source>/repo</source></sources><packages><package name="p"><classes>\n',
        coberturaBlock,
        '</classes></package></packages></coverage>\n',
      )
      for (const [file, ours, peer] of [
        [lcov, 'shipgate lcov', 'lcov-parse'],
        [xml, 'shipgate cobertura', 'fast-xml-parser'],
      ] as const) {
        const mb = statSync(file).size / 2 ** 20
        const mine = measure(ours, file)
        const theirs = measure(peer, file)
        const speed = (result: { ms?: number }) => (result.ms ? mb / (result.ms / 1000) : undefined)
        const row = {
          sizeMb: Math.round(mb),
          parser: ours,
          mbPerS: speed(mine),
          peakRssMb: Math.round(mine.maxRssMb),
          peer,
          peerMbPerS: speed(theirs),
          peerPeakRssMb: Math.round(theirs.maxRssMb),
          peerError: theirs.error,
          ratio: speed(mine) && speed(theirs) ? (speed(mine) ?? 0) / (speed(theirs) ?? 1) : undefined,
        }
        rows.push(row)
        const fmt = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(1))
        console.log(
          `| ${row.sizeMb} MB | ${ours} | ${fmt(row.mbPerS)} MB/s | ${row.peakRssMb} MB | ${peer} | ${theirs.ok ? `${fmt(row.peerMbPerS)} MB/s` : `failed: ${theirs.error}`} | ${row.peerPeakRssMb} MB | ${row.ratio ? `${row.ratio.toFixed(1)}x` : '—'} |`,
        )
      }
      rmSync(lcov)
      rmSync(xml)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return { rows, targets: { lcovMbPerS: 100, coberturaMbPerS: 40, ratioToPeers: 3, peakRssMbAt500: 600 } }
}
