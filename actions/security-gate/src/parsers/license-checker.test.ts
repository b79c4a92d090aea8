import { describe, expect, it } from '@jest/globals'
import { corpusObject } from './corpus.test-support.js'
import { parseLicenseChecker } from './license-checker.js'

describe('parseLicenseChecker on real license-checker output', () => {
  it.each([
    'curated/license-report/license-checker-cryptowallet.json',
    'real/security/license-checker-utf16-windows/license-checker.json',
  ])('%s: one entry per name@version key, the guess marker dropped', (path) => {
    const document = corpusObject(path)
    const report = parseLicenseChecker('r.json', document)
    expect(report.licenses).toHaveLength(Object.keys(document).length)
    expect(report.licenses.some((entry) => entry.license?.endsWith('*'))).toBe(false)
  })
})
