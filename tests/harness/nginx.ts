// A real nginx for tests, benchmarks and the demo: started unprivileged in its own temporary
// prefix on a free loopback port, with its own config, error log and pid file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './test-service.js'

export interface Nginx {
  port: number
  url: string
  prefix: string
  /** The shell commands blue-green-deploy's nginx provider is given for this instance. */
  testCommand: string
  reloadCommand: string
  reload(): void
  errorLog(): string
  stop(): Promise<void>
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => (socket.destroy(), resolve(true)))
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`nginx did not listen on ${port} within ${timeoutMs} ms`)
}

/**
 * The `http` block of a proxy in front of an upstream whose servers live in `include` (the file a
 * provider or a simulated kube-proxy rewrites), with keep-alive to the upstream.
 */
export function proxyTo(include: string, extra: string[] = []): string {
  return [
    `  upstream app { include ${include}; keepalive 16; }`,
    '  server {',
    '    listen 127.0.0.1:{port};',
    '    location / {',
    '      proxy_pass http://app;',
    '      proxy_http_version 1.1;',
    '      proxy_set_header Connection "";',
    ...extra.map((line) => `      ${line}`),
    '    }',
    '  }',
  ].join('\n')
}

/**
 * Starts nginx in the foreground (so it dies with its parent's cleanup) with `http` holding the
 * server blocks; `{port}` in it is replaced by the chosen port.
 */
export async function startNginx(http: string, options: { workers?: number; port?: number } = {}): Promise<Nginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'shipgate-nginx-'))
  const port = options.port ?? (await freePort())
  for (const dir of ['tmp/body', 'tmp/proxy', 'tmp/fastcgi', 'tmp/uwsgi', 'tmp/scgi']) {
    mkdirSync(join(prefix, dir), { recursive: true })
  }
  // Workers run as nobody when the master is root: they must be able to enter the prefix.
  chmodSync(prefix, 0o755)
  chmodSync(join(prefix, 'tmp'), 0o777)
  const conf = join(prefix, 'nginx.conf')
  const temp = (name: string) => `${name}_temp_path ${join(prefix, 'tmp', name === 'client_body' ? 'body' : name)};`
  writeFileSync(
    conf,
    [
      `worker_processes ${options.workers ?? 2};`,
      'daemon off;',
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${join(prefix, 'error.log')} warn;`,
      'events { worker_connections 8192; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${temp(name)}`),
      http.replaceAll('{port}', String(port)),
      '}',
      '',
    ].join('\n'),
  )
  const base = `nginx -p ${prefix} -e ${join(prefix, 'error.log')} -c ${conf}`
  const test = spawnSync('sh', ['-c', `${base} -t`], { encoding: 'utf8' })
  if (test.status !== 0) throw new Error(`nginx config is invalid:\n${test.stderr}`)
  const child: ChildProcess = spawn('sh', ['-c', `exec ${base}`], { stdio: 'ignore' })
  await waitForPort(port, 10_000)
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    prefix,
    testCommand: `${base} -t`,
    reloadCommand: `${base} -s reload`,
    reload: () => {
      const result = spawnSync('sh', ['-c', `${base} -s reload`], { encoding: 'utf8' })
      if (result.status !== 0) throw new Error(`nginx reload failed: ${result.stderr}`)
    },
    errorLog: () => readFileSync(join(prefix, 'error.log'), 'utf8'),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(prefix, { recursive: true, force: true })
    },
  }
}
