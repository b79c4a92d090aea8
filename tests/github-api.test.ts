// packages/core/github and report/comment through the fixture bundle against the local GitHub
// server: the sticky comment across pages, and what faults do (and do not do) to the verdict.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { repoRoot } from '../tools/lib/action-yml.js'
import { FakeGitHub, FORBIDDEN, SECONDARY_RATE_LIMIT } from './harness/github-server.js'
import { runAction, type RunOptions } from './harness/run-action.js'

const fixture = join(repoRoot, 'tests', 'fixture-action')
const PR = 42
let github: FakeGitHub

beforeEach(async () => {
  github = await FakeGitHub.start()
})
afterEach(async () => {
  await github.close()
})

function commentRun(text: string): RunOptions {
  return {
    inputs: { scenario: 'comment', text },
    token: github.token,
    githubApiUrl: github.url,
    event: {
      name: 'pull_request',
      payload: {
        number: PR,
        pull_request: {
          number: PR,
          head: { sha: 'a'.repeat(40), repo: { full_name: 'octo-org/shipgate-demo' } },
          base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'octo-org/shipgate-demo' } },
        },
      },
    },
  }
}

const bodies = () => (github.comments.get(PR) ?? []).map((comment) => comment.body)

describe('the sticky pull request comment', () => {
  it('is found on a later page and updated in place, not duplicated, on a PR with 250 comments', async () => {
    github.seedComments(PR, 120)
    const first = await runAction(fixture, commentRun('coverage 80%'))
    expect(first.main.outputs.comment).toBe('created')
    github.seedComments(PR, 130)

    const second = await runAction(fixture, commentRun('coverage 91%'))
    expect(second.main.exitCode).toBe(0)
    expect(second.main.outputs.comment).toBe('updated')
    const ours = bodies().filter((body) => body.includes('<!-- shipgate:fixture:ci/gate -->'))
    expect(ours).toHaveLength(1)
    expect(ours[0]).toContain('coverage 91%')
    expect(bodies()).toHaveLength(251)
    const listed = github.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/issues/${PR}/comments`))
    // The second run read all three pages of 100.
    expect(listed.slice(-3).map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2', '3'])
  })

  it("never edits a person's comment that holds the marker: it stays byte for byte, and a new comment is written", async () => {
    const first = await runAction(fixture, commentRun('coverage 80%'))
    expect(first.main.outputs.comment).toBe('created')
    const quoted = `Why did this drop?\n> ${bodies()[0]?.replace(/\n/g, '\n> ')}`
    const human = github.addComment(PR, quoted, { login: 'alice', type: 'User' })

    const second = await runAction(fixture, commentRun('coverage 91%'))
    expect(second.main.outputs.comment).toBe('updated')
    const after = github.comments.get(PR) ?? []
    expect(after.find((comment) => comment.id === human.id)?.body).toBe(quoted)
    expect(after.filter((comment) => comment.user.type === 'Bot').map((comment) => comment.body)).toEqual([
      expect.stringContaining('coverage 91%'),
    ])
    const patched = github.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)
    expect(patched).not.toContain(`/repos/octo-org/shipgate-demo/issues/comments/${human.id}`)
  })

  it('with a personal token, updates only the comment that token wrote', async () => {
    github.tokenUser = { login: 'release-bot', type: 'User' }
    const alice = github.addComment(PR, '<!-- shipgate:fixture:ci/gate -->\nalice pasted this', {
      login: 'alice',
      type: 'User',
    })
    const first = await runAction(fixture, commentRun('coverage 80%'))
    expect(first.main.outputs.comment).toBe('created')
    const second = await runAction(fixture, commentRun('coverage 91%'))
    expect(second.main.outputs.comment).toBe('updated')
    const after = github.comments.get(PR) ?? []
    expect(after.find((comment) => comment.id === alice.id)?.body).toBe(
      '<!-- shipgate:fixture:ci/gate -->\nalice pasted this',
    )
    expect(after.filter((comment) => comment.user.login === 'release-bot')).toHaveLength(1)
    expect(after.find((comment) => comment.user.login === 'release-bot')?.body).toContain('coverage 91%')
  })

  it('cuts a body over 65,536 characters and keeps the marker', async () => {
    const { main } = await runAction(fixture, commentRun(`${'row\n'.repeat(20_000)}`))
    expect(main.outputs.comment).toBe('created')
    const [body = ''] = bodies()
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body.startsWith('<!-- shipgate:fixture:ci/gate -->')).toBe(true)
    expect(body).toContain("cut at GitHub's 65,536-character limit")
  })

  it('turns a 403 (a fork PR token) into a warning and keeps the step green', async () => {
    github.inject({ ...FORBIDDEN, method: 'POST', path: /\/comments$/, times: 1 })
    const { main } = await runAction(fixture, commentRun('hello'))
    expect(main.exitCode).toBe(0)
    expect(main.errors).toEqual([])
    expect(main.warnings).toHaveLength(1)
    expect(main.warnings[0]?.message).toMatch(/Could not post the pull request comment: 403 .*verdict is unchanged/)
    expect(main.outputs.comment).toBe('failed')
    // 403 is not retried: one attempt only.
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  it('retries a 502 and then succeeds', async () => {
    github.inject({ status: 502, method: 'POST', path: /\/comments$/, times: 1 })
    const { main } = await runAction(fixture, commentRun('hello'))
    expect(main.exitCode).toBe(0)
    expect(main.warnings).toEqual([])
    expect(main.outputs.comment).toBe('created')
    expect(github.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([502, 201])
  })

  it('waits out a secondary rate limit as retry-after says, then succeeds', async () => {
    github.inject({ ...SECONDARY_RATE_LIMIT, method: 'GET', path: /\/comments$/, times: 1 })
    const { main } = await runAction(fixture, commentRun('hello'))
    expect(main.exitCode).toBe(0)
    expect(main.outputs.comment).toBe('created')
    expect(github.requests.filter((r) => r.method === 'GET').map((r) => r.status)).toEqual([403, 200])
  })

  it('warns, without failing, when the API keeps failing', async () => {
    github.inject({ status: 500, path: /\/comments$/, times: 10 })
    const { main } = await runAction(fixture, commentRun('hello'))
    expect(main.exitCode).toBe(0)
    expect(main.warnings[0]?.message).toMatch(/Could not post the pull request comment: 500/)
    // One attempt and three retries.
    expect(github.requests).toHaveLength(4)
  })
})
