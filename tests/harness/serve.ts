// Runs tests/harness/test-service.ts in a process of its own: for benchmarks (so the load
// generator and the service do not share an event loop) and as the "deployed version" that
// blue-green tests start with a deploy-command. Prints the URL, serves until killed.
//   tsx tests/harness/serve.ts '{"latencyMs":[20,100]}'
//   BG_URL=http://127.0.0.1:8081 BG_VERSION=v3 SERVE_BEHAVIOURS=behaviours.json tsx tests/harness/serve.ts
// With BG_URL, the port and version come from the deploy environment, and the behaviour from the
// SERVE_BEHAVIOURS file's entry for that version ({"v3": {"failEvery": 2}}).
import { readFileSync } from 'node:fs'
import { startService, type Behaviour } from './test-service.js'

function behaviourFromDeploy(): Behaviour | undefined {
  const { BG_URL, BG_VERSION, SERVE_BEHAVIOURS } = process.env
  if (!BG_URL) return undefined
  const all = SERVE_BEHAVIOURS ? (JSON.parse(readFileSync(SERVE_BEHAVIOURS, 'utf8')) as Record<string, Behaviour>) : {}
  return { ...all[BG_VERSION ?? ''], port: Number(new URL(BG_URL).port), version: BG_VERSION }
}

const behaviour = behaviourFromDeploy() ?? (JSON.parse(process.argv[2] ?? '{}') as Behaviour)
const service = await startService(behaviour)
console.log(service.url)
process.on('SIGTERM', () => void service.close().then(() => process.exit(0)))
