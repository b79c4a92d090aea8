import { open } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'

const CHUNK_BYTES = 1024 * 1024

/**
 * Feeds a file to `onChunk` as decoded text, 1 MiB at a time, so a report of any size is parsed
 * in one pass with bounded memory. Multi-byte characters split across chunks stay whole.
 */
export async function forEachChunk(file: string, onChunk: (text: string) => void): Promise<void> {
  const handle = await open(file, 'r')
  const decoder = new StringDecoder('utf8')
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null)
      if (bytesRead === 0) break
      onChunk(decoder.write(buffer.subarray(0, bytesRead)))
    }
    const rest = decoder.end()
    if (rest) onChunk(rest)
  } finally {
    await handle.close()
  }
}

/** Each line (without its `\n` or `\r\n`) and its 1-based number. */
export async function forEachLine(file: string, onLine: (line: string, number: number) => void): Promise<void> {
  let carry = ''
  let number = 0
  await forEachChunk(file, (text) => {
    const data = carry + text
    let start = 0
    for (let end = data.indexOf('\n'); end >= 0; end = data.indexOf('\n', start)) {
      number += 1
      onLine(data.charCodeAt(end - 1) === 13 ? data.slice(start, end - 1) : data.slice(start, end), number)
      start = end + 1
    }
    carry = data.slice(start)
  })
  if (carry !== '') onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry, number + 1)
}

/**
 * Each line as a byte range of one reused buffer: nothing is decoded unless the caller asks, so
 * a parser can read ASCII records in place and leave no garbage behind. Byte 10 never occurs
 * inside a multi-byte UTF-8 character, so splitting bytes on it is safe.
 */
export async function forEachLineBytes(
  file: string,
  onLine: (buffer: Buffer, start: number, end: number) => void,
): Promise<void> {
  const handle = await open(file, 'r')
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  let carried = 0
  try {
    for (;;) {
      // A line longer than the buffer: grow it rather than split the line.
      if (carried === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)])
      const { bytesRead } = await handle.read(buffer, carried, buffer.length - carried, null)
      const end = carried + bytesRead
      if (bytesRead === 0) {
        if (carried > 0) onLine(buffer, 0, carried)
        return
      }
      let start = 0
      // A plain loop beats indexOf here: report lines are short, and a native call per line costs more.
      for (let i = 0; i < end; i++) {
        if (buffer[i] !== 10) continue
        onLine(buffer, start, i > start && buffer[i - 1] === 13 ? i - 1 : i)
        start = i + 1
      }
      buffer.copy(buffer, 0, start, end)
      carried = end - start
    }
  } finally {
    await handle.close()
  }
}
