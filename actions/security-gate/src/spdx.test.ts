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
