// What serves behind a switch only a script knows, from what the URLs answer. Pure.
import type { IdleColor, Observation } from '../../adopt.js'
import { COLORS, type Color } from '../../model.js'
import type { Answer } from '../../live.js'

/**
 * What serves behind a switch only a script knows: the version public-url answers, matched
 * against what each color's URL answers. Pure. Nothing answering on either color is a first
 * install; anything short of exactly one color answering as the public version is refused.
 */
export function commandObservation(facts: {
  publicAnswer: Answer | undefined
  answers: Record<Color, Answer | undefined>
}): Observation {
  const where = 'public-url'
  const up = COLORS.filter((color) => facts.answers[color]?.up)
  const shown = (color: Color) => {
    const answer = facts.answers[color]
    return `${color}-url ${answer?.up ? (answer.version ? `answers as ${answer.version}` : 'answers, naming no version') : 'does not answer'}`
  }
  const idle = (except?: Color): Partial<Record<Color, IdleColor>> =>
    Object.fromEntries(
      up
        .filter((color) => color !== except)
        .map((color) => {
          const answer = facts.answers[color]
          return [color, { version: answer?.up ? answer.version : undefined }]
        }),
    )
  if (up.length === 0) {
    return { where, kind: 'nothing', why: 'neither blue-url nor green-url answers: nothing serves yet', idle: {} }
  }
  const colors = COLORS.map(shown).join(', ')
  const settle = `Stop what runs on the color that takes no traffic, or make public-url name its version (X-Version header or a JSON "version"), then run again`
  const publicAnswer = facts.publicAnswer
  if (!publicAnswer) {
    return {
      where,
      kind: 'unverifiable',
      why: `${colors}, and without public-url nothing says which color takes traffic. Give public-url, answering its version (X-Version header or a JSON "version"), so the first deploy can adopt the serving color`,
    }
  }
  if (!publicAnswer.up || !publicAnswer.healthy) {
    return {
      where,
      kind: 'unverifiable',
      why: `public-url is not healthy (${publicAnswer.why}) while ${colors}: shipgate cannot tell which color serves. ${settle}`,
    }
  }
  const version = publicAnswer.version
  if (version === undefined) {
    return {
      where,
      kind: 'unverifiable',
      why: `public-url answers healthy but names no version, while ${colors}: shipgate cannot tell which color serves. ${settle}`,
    }
  }
  const matching = up.filter((color) => {
    const answer = facts.answers[color]
    return answer?.up && answer.healthy && answer.version === version
  })
  const color = matching[0]
  if (matching.length !== 1 || !color) {
    return {
      where,
      kind: 'unverifiable',
      why: `public-url answers as ${version}, and ${matching.length === 0 ? 'no color answers healthy as that' : 'both colors do'} (${colors}): shipgate cannot tell which color serves. ${settle}`,
    }
  }
  return {
    where,
    kind: 'serving',
    color,
    version,
    source: `public-url (answering as ${version}, as ${color}-url does)`,
    pointsAt: color,
    idle: idle(color),
  }
}
