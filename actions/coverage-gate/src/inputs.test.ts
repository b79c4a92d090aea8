import { describe, expect, it } from '@jest/globals'
import { defaultsWith } from '../../../tools/lib/action-yml.js'
import { readInputs } from './inputs.js'

describe('coverage-gate inputs: the rules between inputs', () => {
  it('max-drop needs a baseline', () => {
    expect(() => readInputs(defaultsWith('coverage-gate', { 'max-drop': '1' }))).toThrow(
      /^Input 'baseline' is required: .*because max-drop is set/,
    )
  })

  it('reads path-fixes as before::after rewrites', () => {
    expect(readInputs(defaultsWith('coverage-gate', { 'path-fixes': '/build/src/::src/' })).pathFixes).toEqual([
      { before: '/build/src/', after: 'src/' },
    ])
  })
})
