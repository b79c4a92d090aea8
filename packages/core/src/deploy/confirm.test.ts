import { describe, expect, it } from '@jest/globals'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { memoryLog } from '../action/logger.js'
import { confirmVersion } from './confirm.js'

describe('confirmVersion', () => {
  it('returns why it could not confirm as raw text: report-json and outputs carry it unchanged', async () => {
    const server = createServer((_, res) => res.writeHead(200, { 'x-version': 'v1' }).end('ok'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const reason = await confirmVersion({
        // A path with `::` (an IPv6 literal in a URL has them too) must not come back with zero-width spaces.
        url: new URL(`http://127.0.0.1:${port}/app::v2/health`),
        version: 'v2::rc1',
        criteria: { expectedStatus: [{ min: 200, max: 299 }] },
        timeoutMs: 1000,
        deadlineMs: 400,
        log: memoryLog(),
      })
      expect(reason).toBe(
        `http://127.0.0.1:${port}/app::v2/health did not answer as v2::rc1 within 0.4s (last: version v1 answered)`,
      )
      expect(reason).not.toContain('\u200b')
    } finally {
      server.close()
    }
  })
})
