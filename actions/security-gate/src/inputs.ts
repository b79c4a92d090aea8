import { boolean, list, listOf, oneOf, text, inputReader, runnerInput, type GetInput } from '@shipgate/core/action'
import type { PrExceptionsMode } from './exceptions/pr-exceptions.js'
import { CATEGORIES, SEVERITIES, type Category, type Severity } from './model.js'

export interface Inputs {
  reports: string[]
  failOnSeverity: Severity | 'none'
  unknownSeverity: Severity
  require: Category[]
  allowLicenses: string[]
  denyLicenses: string[]
  failOnUnknownLicense: boolean
  ignoreFile: string | undefined
  baseline: string | undefined
  sarifOutput: string | undefined
  comment: 'auto' | 'new' | 'off'
  fail: boolean
  githubToken: string | undefined
  prExceptions: PrExceptionsMode
}

export function readInputs(get: GetInput = runnerInput): Inputs {
  const { input, optionalInput, secretInput } = inputReader(get)
  return {
    reports: input('reports', list),
    failOnSeverity: input('fail-on-severity', oneOf([...SEVERITIES, 'none'])),
    unknownSeverity: input('unknown-severity', oneOf(SEVERITIES)),
    require: optionalInput('require', listOf(oneOf(CATEGORIES))) ?? [],
    allowLicenses: optionalInput('allow-licenses', list) ?? [],
    denyLicenses: optionalInput('deny-licenses', list) ?? [],
    failOnUnknownLicense: input('fail-on-unknown-license', boolean),
    ignoreFile: optionalInput('ignore-file', text),
    baseline: optionalInput('baseline', text),
    sarifOutput: optionalInput('sarif-output', text),
    comment: input('comment', oneOf(['auto', 'new', 'off'])),
    fail: input('fail', boolean),
    githubToken: secretInput('github-token'),
    prExceptions: input('pr-exceptions', oneOf(['report', 'deny'])),
  }
}
