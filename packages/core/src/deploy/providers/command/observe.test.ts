import { describe, expect, it } from '@jest/globals'
import type { Observation } from '../../adopt.js'
import type { Answer } from '../../live.js'
import { down, healthy } from '../answers.test-support.js'
import { commandObservation } from './observe.js'

describe('commandObservation: public-url matched against each color', () => {
  const observe = (publicAnswer: Answer | undefined, blue: Answer, green: Answer) =>
    commandObservation({ publicAnswer, answers: { blue, green } })

  it.each<[string, Answer | undefined, Answer, Answer, Partial<Observation>]>([
    ['nothing answers on either color: a first install', down, down, down, { kind: 'nothing' }],
    [
      'public answers v1 as blue does',
      healthy('v1'),
      healthy('v1'),
      healthy('v0'),
      { kind: 'serving', color: 'blue', idle: { green: { version: 'v0' } } },
    ],
    [
      'public answers v2 as green does',
      healthy('v2'),
      down,
      healthy('v2'),
      { kind: 'serving', color: 'green', idle: {} },
    ],
    ['a color answers but there is no public-url', undefined, healthy('v1'), down, { kind: 'unverifiable' }],
    ['public names no version', healthy(undefined), healthy('v1'), down, { kind: 'unverifiable' }],
    ['both colors answer as the public version', healthy('v1'), healthy('v1'), healthy('v1'), { kind: 'unverifiable' }],
    ['no color answers as the public version', healthy('v3'), healthy('v1'), healthy('v2'), { kind: 'unverifiable' }],
    ['public is down while a color answers', down, healthy('v1'), down, { kind: 'unverifiable' }],
  ])('%s', (_, publicAnswer, blue, green, expected) => {
    expect(observe(publicAnswer, blue, green)).toMatchObject(expected)
  })

  it('names public-url as the input that settles a first run without it', () => {
    expect(observe(undefined, healthy('v1'), down)).toMatchObject({
      why: expect.stringContaining('without public-url nothing says which color takes traffic. Give public-url'),
    })
  })
})
