import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { InputError, UserError } from '../../../action/errors.js'
import type { Logger } from '../../../action/logger.js'
import type { Color } from '../../model.js'
import type { Answer } from '../../live.js'
import { hostPort, nginxObservation } from './observe.js'
import { runShell } from '../../shell.js'
import { colorEnv, type SwitchTarget, type TrafficProvider } from '../provider.js'

export interface NginxOptions {
  include: string
  testCommand: string
  reloadCommand: string
  commandTimeoutMs: number
  urls: Record<Color, URL | undefined>
  /** Asks a color's URL what it serves (live.ts askUrl with the deploy's health criteria). */
  ask: (url: URL) => Promise<Answer>
  log: Logger
}

/** The include holds one `server` line: the upstream block around it stays the user's own. */
export function upstreamLine(target: SwitchTarget & { url: URL }): string {
  return `# written by shipgate blue-green-deploy: ${target.color} ${target.version}\nserver ${target.url.host};\n`
}

/**
 * Switches by rewriting the include atomically (a temp file in the same directory renamed into
 * place, the old one kept as .prev), then `nginx -t`, then a reload. `nginx -s reload` exits 0
 * even when the new configuration is rejected, which is why the test runs first and the caller
 * confirms through the public URL afterwards.
 */
export function nginxProvider(options: NginxOptions): TrafficProvider {
  const { include } = options
  const previous = `${include}.prev`
  const restore = () => {
    if (existsSync(previous)) copyFileSync(previous, include)
  }
  const run = (command: string, label: string, target: SwitchTarget) =>
    runShell(command, colorEnv(target), { label, timeoutMs: options.commandTimeoutMs, log: options.log })
  return {
    async observe() {
      const text = existsSync(include) ? readFileSync(include, 'utf8') : undefined
      const ask = (color: Color) => {
        const url = options.urls[color]
        return url ? options.ask(url) : Promise.resolve(undefined)
      }
      const [blue, green] = await Promise.all([ask('blue'), ask('green')])
      const address = (color: Color) => {
        const url = options.urls[color]
        return url ? hostPort(url) : undefined
      }
      return nginxObservation({
        include,
        text,
        addresses: { blue: address('blue'), green: address('green') },
        answers: { blue, green },
      })
    },
    async switchTo(target) {
      const url = target.url
      if (!url)
        throw new InputError(
          `${target.color}-url`,
          '',
          `the base URL of the ${target.color} color, which nginx proxies to`,
        )
      const temp = join(dirname(include), `.${basename(include)}.${process.pid}.tmp`)
      writeFileSync(temp, upstreamLine({ ...target, url }))
      if (existsSync(include)) copyFileSync(include, previous)
      renameSync(temp, include)
      const test = await run(options.testCommand, 'nginx -t', target)
      if (test.exitCode !== 0) {
        restore()
        throw new UserError(
          `nginx-test-command refused the configuration with ${target.color} as upstream (exit ${test.exitCode}); the previous include is restored and traffic is unchanged. Its output:\n${test.tail}`,
        )
      }
      const reload = await run(options.reloadCommand, 'nginx reload', target)
      if (reload.exitCode !== 0) {
        restore()
        await run(options.reloadCommand, 'nginx reload', target)
        throw new UserError(
          `nginx-reload-command failed (exit ${reload.exitCode}); the previous include is restored. Its output:\n${reload.tail}`,
        )
      }
    },
  }
}
