import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { InputError, UserError } from '../../action/errors.js'
import type { Logger } from '../../action/logger.js'
import type { Observation } from '../adopt.js'
import type { Color } from '../inputs.js'
import type { Answer } from '../live.js'
import { runShell } from '../shell.js'
import { colorEnv, type SwitchTarget, type TrafficProvider } from './provider.js'

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

/** `host:port` as nginx's `server` directive means it: port 80 when none is given. */
export function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`
}

/** The addresses of an include's `server` lines, and the color and version shipgate's own comment names. */
export function readInclude(text: string): { servers: string[]; written?: { color: string; version: string } } {
  const servers = [...text.matchAll(/^\s*server\s+([^\s;]+)[^;]*;/gm)].map((match) => {
    const address = match[1] ?? ''
    return /:\d+$/.test(address) || address.startsWith('unix:') ? address : `${address}:80`
  })
  const comment = /^# written by shipgate blue-green-deploy: (\S+) (\S+)$/m.exec(text)
  return { servers, ...(comment?.[1] && comment[2] ? { written: { color: comment[1], version: comment[2] } } : {}) }
}

/**
 * What the include says serves, judged with what each color's URL answers. Pure. Nothing
 * answering where the include points is a first install; a color that answers but is not
 * healthy, or an address that is neither color, cannot be adopted.
 */
export function nginxObservation(facts: {
  include: string
  text: string | undefined
  addresses: Record<Color, string | undefined>
  answers: Record<Color, Answer | undefined>
}): Observation {
  const idle = (except?: Color) =>
    Object.fromEntries(
      (['blue', 'green'] as const)
        .filter((color) => color !== except && facts.answers[color]?.up)
        .map((color) => {
          const answer = facts.answers[color]
          return [color, { version: answer?.up ? answer.version : undefined }]
        }),
    )
  const { servers, written } = readInclude(facts.text ?? '')
  const where = `nginx-include ${facts.include}`
  if (servers.length === 0) {
    return {
      where,
      kind: 'nothing',
      why: `${where} ${facts.text === undefined ? 'does not exist yet' : 'holds no server line'}`,
      idle: idle(),
    }
  }
  const colorOf = (server: string) => (['blue', 'green'] as const).find((color) => facts.addresses[color] === server)
  const strangers = servers.filter((server) => !colorOf(server))
  const named = (['blue', 'green'] as const)
    .map((color) => `${color}-url (${facts.addresses[color] ?? 'not given'})`)
    .join(' nor ')
  if (strangers.length > 0) {
    return {
      where,
      kind: 'unverifiable',
      why: `${where} points at ${strangers.join(', ')}, which is neither ${named}: shipgate cannot tell which color serves. Set blue-url or green-url to the address that serves now, then run again`,
    }
  }
  const colors = [...new Set(servers.map(colorOf))]
  const color = colors[0]
  if (colors.length !== 1 || !color) {
    return {
      where,
      kind: 'unverifiable',
      why: `${where} sends traffic to both colors (${servers.join(', ')}): shipgate switches between one color and the other. Leave one server line, then run again`,
    }
  }
  const answer = facts.answers[color]
  const at = `${where} points at ${color} (${facts.addresses[color]})`
  if (!answer?.up) {
    return {
      where,
      kind: 'nothing',
      why: `${at}, where nothing answers (${answer?.why ?? 'not asked'})`,
      pointsAt: color,
      idle: idle(color),
    }
  }
  if (!answer.healthy) {
    return {
      where,
      kind: 'unverifiable',
      pointsAt: color,
      why: `${at}, which answers but is not healthy (${answer.why}): shipgate adopts only a color it can verify. Make it healthy, or stop it so that the first deploy goes there, then run again`,
    }
  }
  const version = answer.version ?? (written?.color === color ? written.version : undefined)
  return { where, kind: 'serving', color, version, source: `${at}`, pointsAt: color, idle: idle(color) }
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
