import { describe, expect, it } from '@jest/globals'
import type { Observation } from '../../adopt.js'
import type { Answer } from '../../live.js'
import { down, healthy, sick } from '../answers.test-support.js'
import { nginxObservation, readInclude } from './observe.js'

const addresses = { blue: '127.0.0.1:8081', green: '127.0.0.1:8082' }

describe('nginxObservation: what the include says serves', () => {
  const observe = (text: string | undefined, blue: Answer, green: Answer) =>
    nginxObservation({ include: '/etc/nginx/active.conf', text, addresses, answers: { blue, green } })

  it.each<[string, string | undefined, Answer, Answer, Partial<Observation>]>([
    ['no include yet: a first install', undefined, down, down, { kind: 'nothing', idle: {} }],
    ['an include with no server line', '# empty\n', down, down, { kind: 'nothing' }],
    [
      'points at blue, which answers as v1',
      'server 127.0.0.1:8081;\n',
      healthy('v1'),
      down,
      { kind: 'serving', color: 'blue', version: 'v1', idle: {} },
    ],
    [
      'points at blue with options; green still runs v0',
      '  server 127.0.0.1:8081 max_fails=3 fail_timeout=5s;\n',
      healthy('v1'),
      healthy('v0'),
      { kind: 'serving', color: 'blue', version: 'v1', idle: { green: { version: 'v0' } } },
    ],
    [
      "names no version: shipgate's own comment says which",
      '# written by shipgate blue-green-deploy: green v7\nserver 127.0.0.1:8082;\n',
      down,
      healthy(undefined),
      { kind: 'serving', color: 'green', version: 'v7' },
    ],
    [
      'points at blue where nothing answers: nothing serves yet',
      'server 127.0.0.1:8081;\n',
      down,
      healthy('v0'),
      { kind: 'nothing', pointsAt: 'blue', idle: { green: { version: 'v0' } } },
    ],
    [
      'points at blue, which is not healthy',
      'server 127.0.0.1:8081;\n',
      sick,
      down,
      { kind: 'unverifiable', pointsAt: 'blue' },
    ],
    ['points at neither color', 'server 10.0.0.5:80;\n', healthy('v1'), down, { kind: 'unverifiable' }],
    [
      'points at both colors',
      'server 127.0.0.1:8081;\nserver 127.0.0.1:8082;\n',
      healthy('v1'),
      healthy('v1'),
      { kind: 'unverifiable' },
    ],
  ])('%s', (_, text, blue, green, expected) => {
    expect(observe(text, blue, green)).toMatchObject(expected)
  })

  it('says which address it found and which input settles it', () => {
    expect(observe('server app.internal;\n', healthy('v1'), down)).toMatchObject({
      why: 'nginx-include /etc/nginx/active.conf points at app.internal:80, which is neither blue-url (127.0.0.1:8081) nor green-url (127.0.0.1:8082): shipgate cannot tell which color serves. Set blue-url or green-url to the address that serves now, then run again',
    })
  })

  it('reads server addresses as nginx does (port 80 by default, unix sockets as they are)', () => {
    expect(readInclude('server a.example;\nserver b:8080 weight=2;\nserver unix:/run/app.sock;\n').servers).toEqual([
      'a.example:80',
      'b:8080',
      'unix:/run/app.sock',
    ])
  })
})
