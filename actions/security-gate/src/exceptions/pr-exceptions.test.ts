import { describe, expect, it } from '@jest/globals'
import type { Exception } from './ignore.js'
import { changedExceptions, exceptionChange } from './pr-exceptions.js'

const entry = (overrides: Partial<Exception> = {}): Exception => ({
  id: 'GHSA-p6mc-m468-83gw',
  package: 'lodash',
  reason: 'not reachable',
  expires: '2027-01-31',
  line: 2,
  ...overrides,
})

describe('exceptionChange: is an exception at the head one the base already had', () => {
  it.each<[string, Exception, Exception[], string | undefined]>([
    ['the same exception is not a change', entry(), [entry()], undefined],
    ['an id the base lacks is added', entry(), [entry({ id: 'GHSA-other' })], 'added by this pull request'],
    ['the id matches case-insensitively', entry({ id: 'ghsa-p6mc-m468-83gw' }), [entry()], undefined],
    ['a shorter expiry is not a change', entry({ expires: '2026-12-31' }), [entry()], undefined],
    [
      'a longer expiry is lengthened',
      entry({ expires: '2029-12-31' }),
      [entry()],
      'lengthened by this pull request (expires 2027-01-31 → 2029-12-31)',
    ],
    [
      'dropping the package widens it',
      entry({ package: undefined }),
      [entry()],
      'widened by this pull request (from package lodash to everything)',
    ],
    [
      'another path widens it',
      entry({ path: 'src/**' }),
      [entry({ path: 'src/legacy/**' })],
      'widened by this pull request (from package lodash, path src/legacy/** to package lodash, path src/**)',
    ],
    ['adding a package narrows it: not a change', entry(), [entry({ package: undefined })], undefined],
  ])('%s', (_, head, base, expected) => {
    expect(exceptionChange(head, base)).toBe(expected)
  })

  it('lists only the changed ones', () => {
    const same = entry({ id: 'GHSA-same' })
    const added = entry({ id: 'GHSA-new' })
    expect([...changedExceptions([same, added], [same]).keys()]).toEqual([added])
  })
})
