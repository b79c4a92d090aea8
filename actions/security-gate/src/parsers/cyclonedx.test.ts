import { describe, expect, it } from '@jest/globals'
import { corpusObject } from './corpus.test-support.js'
import { parseCycloneDx } from './cyclonedx.js'

type Component = { components?: Component[] }
const count = (components: Component[] = []): number =>
  components.reduce((sum, component) => sum + 1 + count(component.components), 0)

describe('parseCycloneDx on real SBOMs', () => {
  it('a licence entry for every component, nested ones included', () => {
    const document = corpusObject('real/security/cyclonedx-npm-1.6-nested/bom.1.6.json')
    expect(parseCycloneDx('r.json', document).licenses).toHaveLength(count(document.components as Component[]))
  })
  it('the vulnerabilities an SBOM lists are findings of the dependency category', () => {
    const report = parseCycloneDx('r.json', corpusObject('curated/sbom-cyclonedx/dd-valid-vulnerability-1.4.json'))
    expect(report.findings.length).toBeGreaterThan(0)
    expect(report.categories).toEqual(['license', 'dependency'])
  })
})
