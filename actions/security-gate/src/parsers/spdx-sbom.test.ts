import { describe, expect, it } from '@jest/globals'
import { corpusObject } from './corpus.test-support.js'
import { parseSpdx } from './spdx-sbom.js'

describe('parseSpdx on real SPDX documents', () => {
  it('a licence entry for every package, NOASSERTION and NONE saying nothing', () => {
    const document = corpusObject('real/security/spdx-syft-1.42-and-expressions/sbom.spdx.json')
    const packages = document.packages as Array<{ licenseConcluded?: string; licenseDeclared?: string }>
    const report = parseSpdx('r.json', document)
    expect(report.licenses).toHaveLength(packages.length)
    expect(report.licenses.some((entry) => entry.license === 'NOASSERTION' || entry.license === 'NONE')).toBe(false)
  })
})
