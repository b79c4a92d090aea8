import * as core from '@actions/core'

type ShutdownHandler = (signal: NodeJS.Signals) => Promise<void> | void

const handlers: ShutdownHandler[] = []
// The runner sends SIGINT on cancel and SIGTERM 7.5 s later; handlers get most of that window.
const HANDLER_BUDGET_MS = 6000
const EXIT_CODE: Record<string, number> = { SIGINT: 130, SIGTERM: 143 }

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  core.warning(`Received ${signal}: saving state before exit`)
  const budget = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), HANDLER_BUDGET_MS).unref())
  const settled = await Promise.race([Promise.allSettled(handlers.map(async (handler) => handler(signal))), budget])
  if (settled === undefined) core.warning(`Shutdown handlers did not finish within ${HANDLER_BUDGET_MS} ms`)
  for (const result of settled ?? []) {
    if (result.status === 'rejected') core.warning(`A shutdown handler failed: ${String(result.reason)}`)
  }
  process.exit(EXIT_CODE[signal] ?? 1)
}

/**
 * Runs `handler` when the job is cancelled (SIGINT) or terminated (SIGTERM), then exits.
 * Deploys use it to persist their phase and release the lock. Returns a function that unregisters.
 */
export function onShutdown(handler: ShutdownHandler): () => void {
  if (handlers.length === 0) {
    process.once('SIGINT', (signal) => void shutdown(signal))
    process.once('SIGTERM', (signal) => void shutdown(signal))
  }
  handlers.push(handler)
  return () => {
    const index = handlers.indexOf(handler)
    if (index >= 0) handlers.splice(index, 1)
  }
}
