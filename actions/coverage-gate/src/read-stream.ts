import { closeSync, openSync, readSync } from 'node:fs'
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
 * Whole lines as bytes of one reused buffer: `onLines(buffer, end)` gets lines that each end in
 * `\n` before `end`, so a parser reads records in place, in one pass over the bytes, with no
 * bound checks but the newline, and leaves no garbage behind. A last line without its newline
 * gets one. Byte 10 never occurs inside a multi-byte UTF-8 character, so splitting bytes on it
 * is safe.
 */
export async function forEachLineChunk(file: string, onLines: (buffer: Buffer, end: number) => void): Promise<void> {
  // Synchronous reads: a thread-pool round trip per chunk costs more than it frees. Every 16 MiB
  // the event loop gets a turn, so work started beside the parse (git listing the repository into
  // a pipe) goes on instead of waiting for the end.
  const handle = openSync(file, 'r')
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  let carried = 0
  try {
    for (let chunk = 1; ; chunk++) {
      if (chunk % 16 === 0) await new Promise((resolve) => setImmediate(resolve))
      // A line longer than the buffer: grow it rather than split the line.
      if (carried === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)])
      const bytesRead = readSync(handle, buffer, carried, buffer.length - carried, null)
      if (bytesRead === 0) {
        if (carried > 0) {
          if (carried === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(1)])
          buffer[carried] = 10
          onLines(buffer, carried + 1)
        }
        return
      }
      const end = carried + bytesRead
      const whole = buffer.lastIndexOf(10, end - 1) + 1
      if (whole > 0) onLines(buffer, whole)
      buffer.copy(buffer, 0, whole, end)
      carried = end - whole
    }
  } finally {
    closeSync(handle)
  }
}
