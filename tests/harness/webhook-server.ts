// A local Slack-style incoming webhook: records every POSTed JSON body, answers `status`.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface WebhookServer {
  url: string
  received: unknown[]
  status: number
  close(): Promise<void>
}

export async function startWebhook(status = 200): Promise<WebhookServer> {
  const hook: WebhookServer = { url: '', received: [], status, close: () => Promise.resolve() }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      hook.received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown)
      res.writeHead(hook.status, { 'content-type': 'text/plain' })
      res.end(hook.status === 200 ? 'ok' : 'no_service')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/secret-token`
  hook.close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())))
  return hook
}
