// What an nginx shipgate did not set up serves: the include's `server` line, matched against the
// color URLs, judged with what each color answers. Pure.
import type { Observation } from '../../adopt.js'
import type { Color } from '../../model.js'
import type { Answer } from '../../live.js'

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
