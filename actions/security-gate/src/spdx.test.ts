import { describe, expect, it } from '@jest/globals'
import { alternatives, judgeLicense } from './spdx.js'

const allow = (license: string, list: string[]) =>
  judgeLicense(license, { allow: list, deny: [], failOnUnknown: true }).ok
const deny = (license: string, list: string[]) =>
  judgeLicense(license, { allow: [], deny: list, failOnUnknown: true }).ok

describe('SPDX expressions, the truth table', () => {
  it.each([
    ['MIT OR GPL-3.0-only', ['MIT'], true],
    ['MIT AND GPL-3.0-only', ['MIT'], false],
    ['(MIT OR Apache-2.0) AND BSD-3-Clause', ['Apache-2.0', 'BSD-3-Clause'], true],
    ['GPL-2.0-or-later', ['GPL-3.0-only'], true],
    ['GPL-2.0+', ['GPL-2.0-only'], true],
    ['GPL-3.0-only', ['GPL-2.0-or-later'], true],
    ['GPL-2.0-only', ['GPL-3.0-only'], false],
    ['Apache-2.0 WITH LLVM-exception', ['apache-2.0'], true],
    ['mit or apache-2.0', ['MIT'], true],
    ['UNLICENSED', ['MIT'], false],
    ['MIT OR Proprietary', ['MIT'], true],
    ['LicenseRef-acme', ['LicenseRef-acme'], true],
  ])('%s against allow %j passes: %s', (license, list, expected) => expect(allow(license, list)).toBe(expected))

  it.each([
    ['MIT AND GPL-2.0-only', ['GPL-2.0-only'], false],
    ['MIT OR GPL-2.0-only', ['GPL-2.0-only'], true],
    ['GPL-2.0-or-later', ['GPL-2.0-only'], true],
    ['GPL-2.0-or-later', ['GPL-2.0-or-later'], false],
    ['GPL-2.0-only WITH Classpath-exception-2.0', ['GPL-2.0-only'], false],
    ['Proprietary', ['proprietary'], false],
    ['MIT AND Proprietary', ['Proprietary'], false],
  ])('%s against deny %j passes: %s', (license, list, expected) => expect(deny(license, list)).toBe(expected))

  it('refuses what is not an expression, and unknowns follow fail-on-unknown-license', () => {
    for (const bad of ['MIT License', 'MIT OR', '(MIT', 'MIT AND AND ISC', 'WITH X'])
      expect(alternatives(bad)).toBeUndefined()
    expect(judgeLicense(undefined, { allow: ['MIT'], deny: [], failOnUnknown: false }).ok).toBe(true)
    expect(judgeLicense('MIT License', { allow: ['MIT'], deny: [], failOnUnknown: true })).toMatchObject({
      ok: false,
      unknown: true,
    })
  })
})

// Trivy's libunistring2: eleven entries, two of them free text, read as AND.
describe('an AND of entries where some are not SPDX', () => {
  const entries =
    'LGPL-3.0-or-later AND GPL-2.0-or-later AND FreeSoftware AND (GPL-2.0-or-later WITH distribution-exception) AND GPL-3.0-or-later AND MIT'
  it('is still a violation when a readable entry is denied', () => {
    expect(judgeLicense(entries, { allow: [], deny: ['GPL-3.0-only'], failOnUnknown: false })).toMatchObject({
      ok: false,
      unknown: false,
      reason: expect.stringContaining('GPL-3.0-or-later: every alternative includes a license in deny-licenses'),
    })
  })
  it('is unknown for the unreadable entry alone when nothing readable is denied', () => {
    expect(judgeLicense(entries, { allow: [], deny: ['BSD-4-Clause'], failOnUnknown: false }).ok).toBe(true)
    expect(judgeLicense(entries, { allow: [], deny: ['BSD-4-Clause'], failOnUnknown: true })).toMatchObject({
      ok: false,
      unknown: true,
      reason: expect.stringMatching(/^'GPL-2\.0-or-later WITH distribution-exception' in '.*' is not SPDX$/),
    })
  })
  it('fails an allow list on a readable entry outside it', () => {
    expect(
      judgeLicense(entries, { allow: ['MIT', 'LicenseRef-FreeSoftware'], deny: [], failOnUnknown: false }).ok,
    ).toBe(false)
  })
})

// Each rule action-docs/security-gate.md ("How licences are judged") states, as a case.
describe('the licence semantics the docs state', () => {
  const judge = (license: string | undefined, allow: string[], deny: string[], failOnUnknown = false) =>
    judgeLicense(license, { allow, deny, failOnUnknown }).ok
  it.each<[string, string | undefined, string[], string[], boolean, boolean]>([
    ['an allowed alternative passes', 'MIT OR GPL-3.0-only', ['MIT'], [], false, true],
    ['AND needs every licence allowed', 'MIT AND GPL-3.0-only', ['MIT'], [], false, false],
    ['deny fails only when every alternative is denied', 'MIT OR GPL-3.0-only', [], ['GPL-3.0-only'], false, true],
    ['ids ignore case', 'mit', ['MIT'], [], false, true],
    ['a deprecated id means what it says', 'GPL-2.0+', [], ['GPL-2.0-only', 'GPL-3.0-only'], false, false],
    ['-or-later may choose a version not denied', 'GPL-2.0-or-later', [], ['GPL-3.0-only'], false, true],
    ['-or-later with every version denied', 'GPL-2.0-or-later', [], ['GPL-2.0-only', 'GPL-3.0-only'], false, false],
    ['GPL-3.0-or-later is GPL-3.0-only: denied', 'GPL-3.0-or-later', [], ['GPL-3.0-only'], false, false],
    ['an -or-later allow entry covers later versions', 'LGPL-3.0-only', ['LGPL-2.1-or-later'], [], false, true],
    [
      'WITH is judged by the licence it modifies',
      'GPL-2.0-only WITH Classpath-exception-2.0',
      [],
      ['GPL-2.0-only'],
      false,
      false,
    ],
    ['a free-text name outside the allow list', 'Proprietary', ['MIT'], [], false, false],
    ['a free-text name a deny list names', 'Proprietary', [], ['Proprietary'], false, false],
    ['not an expression: passes by default', 'see LICENSE file', ['MIT'], [], false, true],
    ['not an expression: a violation with fail-on-unknown-license', 'see LICENSE file', ['MIT'], [], true, false],
    ['no licence with fail-on-unknown-license', undefined, [], [], true, false],
  ])('%s', (_name, license, allow, deny, failOnUnknown, ok) => {
    expect(judge(license, allow, deny, failOnUnknown)).toBe(ok)
  })
})
