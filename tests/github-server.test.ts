// The local GitHub API server speaks the endpoints as Octokit (through packages/core) expects:
// pagination over Link headers, deployments and statuses, authentication.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createOctokit, readPullRequest } from '@shipgate/core/github'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeGitHub } from './harness/github-server.js'

let github: FakeGitHub
const repo = { owner: 'octo-org', repo: 'shipgate-demo' }

beforeAll(async () => {
  github = await FakeGitHub.start()
  process.env.GITHUB_API_URL = github.url
})
afterAll(async () => {
  await github.close()
})

describe('the local GitHub server through core’s Octokit', () => {
  it('pages 250 pull request files over Link headers', async () => {
    github.pullFiles.set(
      7,
      Array.from({ length: 250 }, (_, i) => ({
        filename: `src/file${i}.ts`,
        status: 'modified',
        patch: '@@ -1 +1 @@',
      })),
    )
    const octokit = await createOctokit(github.token)
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...repo, pull_number: 7, per_page: 100 })
    expect(files.map((file) => file.filename)).toHaveLength(250)
    expect(files[249]?.filename).toBe('src/file249.ts')
  })

  it('records a deployment and its statuses', async () => {
    const octokit = await createOctokit(github.token)
    const { data } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: 'a'.repeat(40),
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
    })
    expect('id' in data).toBe(true)
    const id = 'id' in data ? data.id : 0
    await octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: id, state: 'in_progress' })
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: id,
      state: 'success',
      environment_url: 'https://app.example.com',
    })
    const statuses = await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id })
    expect(statuses.data.map((status) => status.state)).toEqual(['success', 'in_progress'])
  })

  it('refuses a wrong token with 401', async () => {
    const octokit = await createOctokit('wrong')
    await expect(octokit.rest.issues.listComments({ ...repo, issue_number: 1 })).rejects.toMatchObject({ status: 401 })
  })
})

describe('readPullRequest', () => {
  function withEvent(payload: object): void {
    const file = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
    writeFileSync(file, JSON.stringify(payload))
    process.env.GITHUB_EVENT_PATH = file
  }

  it('takes the head SHA of the PR, not the merge commit, and detects a fork', () => {
    withEvent({
      pull_request: {
        number: 12,
        head: { sha: 'h'.repeat(40), repo: { full_name: 'someone/fork' } },
        base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'octo-org/shipgate-demo' } },
      },
    })
    expect(readPullRequest()).toEqual({
      number: 12,
      headSha: 'h'.repeat(40),
      baseSha: 'b'.repeat(40),
      baseRef: 'main',
      isFork: true,
    })
  })

  it('is undefined on a push', () => {
    withEvent({ ref: 'refs/heads/main', head_commit: {} })
    expect(readPullRequest()).toBeUndefined()
  })
})
