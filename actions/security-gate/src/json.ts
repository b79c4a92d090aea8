// Reading scanner JSON of any shape without casts: each helper narrows what it is given and
// answers empty for anything else, so a field of the wrong type is absent, never a crash.
export type Dict = Record<string, unknown>

export const isDict = (value: unknown): value is Dict =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** An object, or an empty one. */
export const dict = (value: unknown): Dict => (isDict(value) ? value : {})

/** The objects in an array; anything else in it is skipped. */
export const dicts = (value: unknown): Dict[] => entries(value).filter(isDict)

/** The entries of an array, as they are; none for anything else. */
export const entries = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : [])

/** The entries of an array, as strings. */
export const strings = (value: unknown): string[] => entries(value).map(String)

/** A string that says something, or undefined. */
export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined

/** A string that says something once trimmed, trimmed; or undefined. */
export const trimmed = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
