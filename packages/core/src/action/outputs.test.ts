import { describe, expect, it } from '@jest/globals'
import { formatOutput } from './outputs.js'

describe('formatOutput', () => {
  it.each<[number, string]>([
    [84.2857, '84.29'],
    [5, '5'],
    [1e23, '100000000000000000000000'],
    [1e-7, '0'],
    [-0.001, '0'],
    [-2.5, '-2.5'],
  ])('%d is written %s, never in exponent notation', (value, text) => expect(formatOutput(value)).toBe(text))
})
