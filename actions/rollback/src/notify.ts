// The team hears about a rollback in chat: a Slack-compatible incoming-webhook message, retried,
// and only ever a warning when it cannot be sent.
import type { Logger } from '@shipgate/core/action'

export interface Alert {
  what: string
  why: string
  from?: string
  to?: string
  runUrl: string
  environment?: string
}

const ATTEMPTS = 3
const TIMEOUT_MS = 5000

/** Slack's mrkdwn treats &, < and > as markup: escaped, report text cannot form a link or a mention. */
function mrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function alertPayload(alert: Alert): Record<string, unknown> {
  const lines = [
    `*${mrkdwn(alert.what)}*${alert.environment ? ` in ${mrkdwn(alert.environment)}` : ''}`,
    `*Why:* ${mrkdwn(alert.why)}`,
    ...(alert.from || alert.to ? [`*From:* ${mrkdwn(alert.from ?? '?')}  *To:* ${mrkdwn(alert.to ?? '?')}`] : []),
  ]
  return {
    text: `${alert.what}: ${alert.why}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${alert.runUrl}|The workflow run>` }] },
    ],
  }
}

export async function sendAlert(webhook: URL, alert: Alert, log: Logger): Promise<boolean> {
  let last = ''
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const response = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alertPayload(alert)),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
      if (response.ok) return true
      last = `HTTP ${response.status}`
      // A 4xx other than 429 will not get better by asking again.
      if (response.status < 500 && response.status !== 429) break
    } catch (error) {
      last = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not connect'
    }
    if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 500 * attempt))
  }
  // The URL is a secret: it is masked, and never part of the message anyway.
  log.warning(`Could not send the rollback alert to webhook-url (${last}); the rollback itself is unaffected`)
  return false
}
