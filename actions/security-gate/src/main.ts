import { actionLog as log, endGate } from '@shipgate/core/action'
import { lazyOctokit } from '@shipgate/core/github'
import { postCommentStep, readPostCommentInputs } from '@shipgate/core/report'
import { readInputs } from './inputs.js'
import { decide } from './policy.js'
import { publish } from './publish.js'
import { readAll, type RunContext } from './read.js'

export async function run(): Promise<void> {
  const posting = readPostCommentInputs()
  if (posting) return postCommentStep('security-gate', posting, log)
  const inputs = readInputs()
  const context: RunContext = {
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    octokit: lazyOctokit(inputs.githubToken),
    log,
  }
  const read = await log.group('reading the reports', () => readAll(inputs, context))
  const today = new Date().toISOString().slice(0, 10)
  const verdict = decide(read.reports, inputs, read.exceptions, read.baseline, today, read.prChanges)
  await log.group('publishing', () => publish(verdict, read, inputs, context))
  endGate('Security gate failed', verdict, inputs.fail, log.warning)
}
