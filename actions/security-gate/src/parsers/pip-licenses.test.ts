import { describe, expect, it } from '@jest/globals'
import { corpusDocument } from './corpus.test-support.js'
import { parsePipLicenses } from './pip-licenses.js'

describe('parsePipLicenses on real pip-licenses output', () => {
  it('one entry per package, Trove classifier names as SPDX ids', () => {
    const document = corpusDocument('curated/license-report/pip-licenses-windows-with-texts.json') as Array<{
      Name: string
      License: string
    }>
    const report = parsePipLicenses('r.json', document)
    expect(report.licenses.map((entry) => entry.package)).toEqual(document.map((entry) => entry.Name))
    const mit = document.findIndex((entry) => entry.License === 'MIT License')
    if (mit >= 0) expect(report.licenses[mit]?.license).toBe('MIT')
  })
})
