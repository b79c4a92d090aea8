import { createServer } from 'node:http'
import { handler } from './app.js'
import { readConfig } from './config.js'
import { Store } from './store.js'

const config = readConfig(process.env)
const store = new Store(config.dbPath, config.version)
const server = createServer(handler(config, store))
server.keepAliveTimeout = 30_000
server.listen(config.port, config.host, () => console.log(`example service ${config.version} on :${config.port}`))
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => server.close(() => (store.close(), process.exit(0))))
}
