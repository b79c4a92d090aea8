// Open-loop load on a URL for as long as a deploy takes: the user's traffic during a switch.
import { createDispatcher, runWindow, type WindowResult } from '@shipgate/core/probe'

export async function underLoad<T>(
  url: string,
  ratePerSecond: number,
  during: () => Promise<T>,
): Promise<[T, WindowResult]> {
  const stop = new AbortController()
  const dispatcher = createDispatcher()
  const load = runWindow(dispatcher, [new URL(url)], {
    ratePerSecond,
    // A cap only: the window ends when `during` does (a bench's deploy may take minutes).
    durationMs: 300_000,
    request: { method: 'GET', headers: {}, body: undefined, timeoutMs: 5000 },
    criteria: { expectedStatus: [{ min: 200, max: 299 }] },
    signal: stop.signal,
  })
  try {
    return [await during(), await (stop.abort(), load)]
  } finally {
    stop.abort()
    await load
    await dispatcher.close()
  }
}
