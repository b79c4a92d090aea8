// Runs tests/harness/test-service.ts in a process of its own, so a benchmark's load generator and
// the service it measures do not share an event loop. Prints the URL, serves until killed.
//   tsx tests/harness/serve.ts '{"latencyMs":[20,100]}'
import { startService, type Behaviour } from './test-service.js'

const behaviour = JSON.parse(process.argv[2] ?? '{}') as Behaviour
const service = await startService(behaviour)
console.log(service.url)
process.on('SIGTERM', () => void service.close().then(() => process.exit(0)))
