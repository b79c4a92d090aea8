// A real Prometheus for the metrics tests, demo and bench: Debian's binary, unprivileged, on a free
// loopback port, scraping the given targets every second into a temporary TSDB.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './test-service.js'

export interface Prometheus {
  url: string
  /** Replaces the scraped targets (`host:port`); Prometheus picks the file up within a second. */
  setTargets(targets: string[]): void
  stop(): Promise<void>
}

export async function startPrometheus(targets: string[]): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-prometheus-'))
  const port = await freePort()
  const targetsFile = join(dir, 'targets.json')
  const setTargets = (list: string[]) => {
    writeFileSync(`${targetsFile}.tmp`, JSON.stringify([{ targets: list }]))
    renameSync(`${targetsFile}.tmp`, targetsFile)
  }
  setTargets(targets)
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: services',
      '    file_sd_configs:',
      `      - files: ['${targetsFile}']`,
      '        refresh_interval: 1s',
      '',
    ].join('\n'),
  )
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  )
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode} before it was ready`)
    if (Date.now() > deadline) throw new Error('prometheus was not ready within 30 s')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    setTargets,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
