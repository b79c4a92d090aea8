import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readJsonFile, readJsonObject, readShipgateReport } from './json-file.js'

const dir = mkdtempSync(join(tmpdir(), 'shipgate-json-'))
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

describe('readJsonFile: one set of messages for every JSON file an action reads', () => {
  it.each<[string, () => unknown, RegExp]>([
    [
      'a missing file',
      () => readJsonFile(join(dir, 'nope.json'), 'a report'),
      /nope\.json: cannot be read \(ENOENT\): expected a report$/,
    ],
    [
      'an empty file',
      () => readJsonFile(file('empty.json', ''), 'a report'),
      /empty\.json: is empty: expected a report$/,
    ],
    [
      'a binary file',
      () => readJsonFile(file('bin.json', Buffer.from([0x7b, 0, 1])), 'a report'),
      /bin\.json: is a binary file/,
    ],
    [
      'broken JSON',
      () => readJsonFile(file('broken.json', '{"a": ['), 'a report'),
      /broken\.json: is not valid JSON \(.+\): expected a report$/,
    ],
    [
      'an array where an object belongs',
      () => readJsonObject(file('array.json', '[]'), 'a report'),
      /array\.json: is not a JSON object/,
    ],
    [
      'another action’s report',
      () =>
        readShipgateReport(
          file('other.json', '{"kind":"shipgate/security-report"}'),
          'shipgate/health-report',
          'health-check',
        ),
      /other\.json: is not a health-check report \(no kind "shipgate\/health-report"\): expected the report-json output of an earlier health-check step$/,
    ],
  ])('refuses %s, naming the file and what was expected', (_, read, message) => {
    expect(read).toThrow(message)
  })

  it('reads UTF-16 JSON by its byte order mark, as PowerShell writes it', () => {
    expect(readJsonFile(file('u16.json', Buffer.from('\uFEFF{"ok":true}', 'utf16le')), 'a report')).toEqual({
      ok: true,
    })
  })

  it('reads JSON that starts with a byte order mark', () => {
    expect(readJsonFile(file('bom.json', '\uFEFF{"ok":true}'), 'a report')).toEqual({ ok: true })
  })

  it('puts a word more in for an empty file where it helps', () => {
    expect(() =>
      readJsonFile(file('scan.json', ''), 'a scan', { empty: 'a scan that wrote nothing proves nothing' }),
    ).toThrow(/scan\.json: is empty: a scan that wrote nothing proves nothing$/)
  })
})
