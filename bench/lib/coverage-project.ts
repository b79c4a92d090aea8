// The coverage bench's seeded project: the same 21,661-file repository and the same reports on
// every run and machine.
import { createWriteStream } from 'node:fs'
import { seededRandom } from '@shipgate/core/compare'

const REPO_FILES = 21_661
/** Where the runner checks the project out: the report's paths carry it, as CI's do. */
export const WORKSPACE = '/home/runner/work/project/project'

interface SourceFile {
  path: string
  /** Executable lines and their hits. */
  lines: Array<[number, number]>
  /** Branch lines: how many branches, and which were taken. */
  branches: Array<[number, boolean[]]>
}

export function repositoryPaths(): string[] {
  const paths: string[] = []
  for (let i = 0; paths.length < REPO_FILES; i++) {
    const pkg = `packages/pkg${i % 97}`
    const area = `area${Math.floor(i / 97) % 23}`
    paths.push(i % 4 === 3 ? `${pkg}/test/${area}/file${i}.test.ts` : `${pkg}/src/${area}/file${i}.ts`)
  }
  return paths
}

/** The measured sources, in a seeded order, each with its seeded line and branch data. */
function* sources(paths: readonly string[]): Generator<SourceFile> {
  // The same project on every run and machine.
  const next = seededRandom(42)
  for (const path of paths.filter((p) => !p.includes('/test/'))) {
    const length = 100 + Math.floor(next() * 1200)
    const lines: SourceFile['lines'] = []
    const branches: SourceFile['branches'] = []
    for (let line = 1; line <= length; line++) {
      if (next() < 0.4) continue
      lines.push([line, next() < 0.3 ? 0 : 1 + Math.floor(next() * 50)])
      if (next() < 0.2) {
        const count = 2 + Math.floor(next() * 3)
        branches.push([line, Array.from({ length: count }, () => next() < 0.6)])
      }
    }
    yield { path, lines, branches }
  }
}

export interface Totals {
  files: number
  lines: number
  covered: number
  branches: number
  taken: number
}

export async function writeReport(
  file: string,
  format: 'lcov' | 'cobertura',
  bytes: number,
  paths: string[],
): Promise<Totals> {
  const out = createWriteStream(file)
  let written = 0
  const put = (text: string) =>
    new Promise<void>((resolve) => {
      written += Buffer.byteLength(text)
      if (out.write(text)) resolve()
      else out.once('drain', resolve)
    })
  const totals: Totals = { files: 0, lines: 0, covered: 0, branches: 0, taken: 0 }
  if (format === 'cobertura')
    await put(
      `<?xml version="1.0"?>\n<coverage line-rate="0" branch-rate="0" version="1.9"><sources><source>${WORKSPACE}</source></sources><packages><package name="project"><classes>\n`,
    )
  for (const source of sources(paths)) {
    if (written >= bytes) break
    const taken = new Map(source.branches)
    const covered = source.lines.filter(([, hits]) => hits > 0).length
    const branchCount = source.branches.reduce((sum, [, flags]) => sum + flags.length, 0)
    const takenCount = source.branches.reduce((sum, [, flags]) => sum + flags.filter(Boolean).length, 0)
    totals.files += 1
    totals.lines += source.lines.length
    totals.covered += covered
    totals.branches += branchCount
    totals.taken += takenCount
    if (format === 'lcov') {
      let text = `TN:\nSF:${WORKSPACE}/${source.path}\n`
      for (const [line, hits] of source.lines) {
        text += `DA:${line},${hits}\n`
        const flags = taken.get(line)
        if (flags) flags.forEach((flag, index) => (text += `BRDA:${line},0,${index},${flag ? 1 : '-'}\n`))
      }
      await put(
        `${text}LF:${source.lines.length}\nLH:${covered}\nBRF:${branchCount}\nBRH:${takenCount}\nend_of_record\n`,
      )
    } else {
      const line = ([number, hits]: [number, number]) => {
        const flags = taken.get(number)
        if (!flags) return `<line number="${number}" hits="${hits}" branch="False"/>`
        const on = flags.filter(Boolean).length
        return `<line number="${number}" hits="${hits}" branch="True" condition-coverage="${Math.round((on / flags.length) * 100)}% (${on}/${flags.length})"/>`
      }
      // coverlet writes each method's lines, then the class's: a method per 40 lines here.
      let methods = '<methods>'
      for (let from = 0; from < source.lines.length; from += 40)
        methods += `<method name="m${from}" signature="()" line-rate="0" branch-rate="0"><lines>${source.lines
          .slice(from, from + 40)
          .map(line)
          .join('')}</lines></method>`
      await put(
        `<class name="c${totals.files}" filename="${source.path}" line-rate="0" branch-rate="0">${methods}</methods><lines>\n${source.lines.map(line).join('\n')}\n</lines></class>\n`,
      )
    }
  }
  if (format === 'cobertura') await put('</classes></package></packages></coverage>\n')
  await new Promise((resolve) => out.end(resolve))
  if (written < bytes) throw new Error(`the project has too few sources for a ${bytes >> 20} MB ${format} report`)
  return totals
}
