import * as core from '@actions/core'
import { InputError } from './errors.js'
import { parseBoolean, parseDuration, parsePercent, parseStatusRanges, splitList, type StatusRange } from './parse.js'

/** How to read one input: the parse, and the accepted form the error message quotes. */
export interface InputForm<T> {
  parse: (raw: string) => T | undefined
  expected: string
}

/** Where input values come from: the runner's INPUT_* variables, or a plain object in a unit test. */
export type GetInput = (name: string) => string

export const runnerInput: GetInput = (name) => core.getInput(name, { trimWhitespace: true })

/** A unit test's inputs: the action.yml defaults a test relies on must be spelled out. */
export function inputsFrom(values: Record<string, string>): GetInput {
  return (name) => values[name]?.trim() ?? ''
}

export interface InputReader {
  /**
   * An input that must have a value. Inputs with a default in action.yml always get one from the
   * runner, so an empty value here means the workflow blanked it or omitted a required input.
   */
  input: <T>(name: string, form: InputForm<T>) => T
  /** An input that may be empty: empty gives undefined, anything else must parse. */
  optionalInput: <T>(name: string, form: InputForm<T>) => T | undefined
  /** A secret input (token, webhook URL): masked in the log before anything else can print it. */
  secretInput: (name: string) => string | undefined
}

/** The typed readers over one source of values; each action's readInputs(get) takes them from here. */
export function inputReader(get: GetInput = runnerInput): InputReader {
  const input = <T>(name: string, form: InputForm<T>): T => {
    const value = get(name)
    const parsed = value === '' ? undefined : form.parse(value)
    if (parsed === undefined) throw new InputError(name, value, form.expected)
    return parsed
  }
  return {
    input,
    optionalInput: (name, form) => (get(name) === '' ? undefined : input(name, form)),
    secretInput: (name) => {
      const value = get(name)
      if (value === '') return undefined
      core.setSecret(value)
      return value
    },
  }
}

export const { input, optionalInput, secretInput } = inputReader()

export const text: InputForm<string> = { parse: (value) => value, expected: 'a value' }

export const boolean: InputForm<boolean> = { parse: parseBoolean, expected: 'true or false' }

export function duration(options: { allowZero: boolean }): InputForm<number> {
  return {
    parse: (value) => {
      const ms = parseDuration(value)
      return ms === undefined || (ms === 0 && !options.allowZero) ? undefined : ms
    },
    expected: `a duration such as 500ms, 5s, 2m or 1h${options.allowZero ? ' (0 for none)' : ', greater than 0'}`,
  }
}

export const percent: InputForm<number> = {
  parse: parsePercent,
  expected: 'a percentage between 0 and 100 with up to 2 decimals, e.g. 90 or 1.5%',
}

export const statusRanges: InputForm<StatusRange[]> = {
  parse: parseStatusRanges,
  expected: 'HTTP status codes or ranges from 100 to 599, e.g. 200-299,304 or 2xx',
}

export function number(options: { min: number; max?: number; integer?: boolean }): InputForm<number> {
  const kind = options.integer ? 'a whole number' : 'a number'
  const bounds = options.max === undefined ? `of at least ${options.min}` : `from ${options.min} to ${options.max}`
  return {
    parse: (value) => {
      if (!/^-?\d+(\.\d+)?$/.test(value)) return undefined
      const parsed = Number(value)
      if (options.integer && !Number.isInteger(parsed)) return undefined
      if (parsed < options.min || (options.max !== undefined && parsed > options.max)) return undefined
      return parsed
    },
    expected: `${kind} ${bounds}`,
  }
}

export function oneOf<const T extends string>(values: readonly T[]): InputForm<T> {
  return {
    parse: (value) => values.find((allowed) => allowed === value),
    expected: `one of ${values.map((value) => `'${value}'`).join(', ')}`,
  }
}

/** Split on newlines and brace-aware commas; an all-blank list counts as empty. */
export const list: InputForm<string[]> = {
  parse: (value) => {
    const items = splitList(value)
    return items.length > 0 ? items : undefined
  },
  expected: 'one or more values, separated by newlines or commas',
}

function each<T>(split: (value: string) => string[], separator: string) {
  return (item: InputForm<T>): InputForm<T[]> => ({
    parse: (value) => {
      const parsed = split(value).map((entry) => item.parse(entry))
      if (parsed.length === 0 || parsed.some((entry) => entry === undefined)) return undefined
      return parsed as T[]
    },
    expected: `one or more of: ${item.expected}; ${separator}`,
  })
}

function splitLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** Items split on newlines and brace-aware commas, each parsed by `item`. */
export function listOf<T>(item: InputForm<T>): InputForm<T[]> {
  return each<T>(splitList, 'separated by newlines or commas')(item)
}

/** Items one per line (commas stay: URLs, commands, header values), each parsed by `item`. */
export function linesOf<T>(item: InputForm<T>): InputForm<T[]> {
  return each<T>(splitLines, 'one per line')(item)
}

export const httpUrl: InputForm<URL> = {
  parse: (value) => {
    if (!URL.canParse(value)) return undefined
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  },
  expected: 'an absolute http:// or https:// URL, e.g. https://example.com/health',
}
