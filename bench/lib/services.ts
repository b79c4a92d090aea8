// A service with a known latency mix, in a process of its own (tests/harness/serve.ts), so the
// load generator and the service do not share an event loop.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { repoRoot } from '../../tools/lib/action-yml.js'

export async function withLatencyService<T>(latencyMs: number[], use: (url: URL) => Promise<T>): Promise<T> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'tests/harness/serve.ts'), JSON.stringify({ latencyMs })],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  try {
    const lines = createInterface({ input: child.stdout })
    const first = await lines[Symbol.asyncIterator]().next()
    const line = String(first.value)
    return await use(new URL(`${line}/health`))
  } finally {
    child.kill('SIGTERM')
  }
}
