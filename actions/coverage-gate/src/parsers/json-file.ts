import { readFile, stat } from 'node:fs/promises'
import { FileError } from '@shipgate/core/action'

/** JSON reports are parsed whole; past this size they would not fit a runner's memory comfortably. */
const MAX_JSON_BYTES = 512 * 1024 * 1024

export async function readJsonObject(file: string, expected: string): Promise<Record<string, unknown>> {
  const { size } = await stat(file)
  if (size > MAX_JSON_BYTES)
    throw new FileError(file, `is ${Math.round(size / 2 ** 20)} MiB: expected ${expected} under 512 MiB`)
  let document: unknown
  try {
    document = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new FileError(
      file,
      `is not valid JSON (${error instanceof Error ? error.message : String(error)}): expected ${expected}`,
    )
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new FileError(file, `is not a JSON object: expected ${expected}`)
  }
  return document as Record<string, unknown>
}
