import { describe, expect, it } from '@jest/globals'
import { jsonSequence } from './json-sequence.js'

const read = (text: string) => jsonSequence('audit.json', text, 'an audit')

describe('jsonSequence', () => {
  it('splits JSON lines and pretty-printed objects one after another, braces in strings included', () => {
    expect(read('{"a":1}\n{"b":"}{"}\n')).toEqual([{ a: 1 }, { b: '}{' }])
    expect(read('{\n  "a": [1, 2]\n}\n{\n  "b": "\\"}"\n}')).toEqual([{ a: [1, 2] }, { b: '"}' }])
    expect(read('[1]{"a":2}')).toEqual([[1], { a: 2 }])
  })
  it('is no sequence when the first value is broken or not an object, or there is only one', () => {
    expect(read('{"a":')).toBeUndefined()
    expect(read('{"a":1,}\n{"b":2}')).toBeUndefined()
    expect(read('nonsense\n{"b":2}')).toBeUndefined()
    expect(read('{"a":1} trailing')).toBeUndefined()
  })
  it('names the line of a broken document after two whole ones', () => {
    expect(() => read('{"a":1}\n{"b":2}\n{"c":')).toThrow(
      'audit.json: line 3 is not valid JSON (the value never closes: the file is cut short): expected an audit',
    )
    expect(() => read('{\n"a":1\n}\n{"b":2}\n{"c":3,}\n')).toThrow(/^audit\.json: line 5 is not valid JSON \(/)
    expect(read('{"a":1}\n{"b":2,}')).toBeUndefined()
    expect(() => read('{"a":1}\n{"b":2}\ntrailing')).toThrow(
      'audit.json: line 3 is not valid JSON ("t" where a JSON object should start): expected an audit',
    )
  })
})
