import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  actionLog as log,
  InputError,
  input,
  number,
  oneOf,
  onShutdown,
  saveStepState,
  secretInput,
  setOutputs,
  stepState,
  text,
} from '@shipgate/core/action'
import { createOctokit, readPullRequest, readRepoContext } from '@shipgate/core/github'
import {
  commentMarker,
  emitAnnotations,
  postStickyComment,
  writeReportJson,
  writeSummary,
  type Annotation,
} from '@shipgate/core/report'

const SCENARIOS = [
  'outputs',
  'summary',
  'annotations',
  'secret',
  'state',
  'signal',
  'comment',
  'escape',
  'bug',
] as const

const scenarios: Record<(typeof SCENARIOS)[number], () => Promise<void> | void> = {
  outputs() {
    setOutputs({ multi: input('text', text), single: 42.123, 'report-json': undefined })
  },
  summary() {
    const kilobytes = input('count', number({ min: 1, integer: true }))
    const row = `| ${'x'.repeat(1000)} |\n`
    writeSummary(`# Fixture\n\n<details><summary>rows</summary>\n\n${row.repeat(kilobytes)}\n</details>\n`)
  },
  annotations() {
    const count = input('count', number({ min: 0, integer: true }))
    const annotations: Annotation[] = Array.from({ length: count }, (_, i) => ({
      level: i % 2 === 0 ? 'error' : 'warning',
      message: `finding ${i} rank ${i}`,
      file: 'src/app.ts',
      startLine: i + 1,
      rank: i,
    }))
    emitAnnotations(annotations, log)
  },
  secret() {
    const token = secretInput('token')
    log.info(`calling the API with ${token ?? ''}`)
  },
  state() {
    saveStepState('deploy-phase', input('text', text))
  },
  async signal() {
    const stateDir = process.env.RUNNER_TEMP ?? '.'
    onShutdown((signal) => {
      saveStepState('interrupted-by', signal)
      writeFileSync(join(stateDir, 'fixture-state.json'), JSON.stringify({ phase: 'switching', signal }))
    })
    log.info('ready for a signal')
    await new Promise((resolve) => setTimeout(resolve, 30_000))
    throw new InputError('signal', 'none', 'a SIGINT or SIGTERM within 30 s')
  },
  async comment() {
    const pr = readPullRequest()
    if (!pr) throw new InputError('scenario', 'comment', 'a pull_request event payload')
    const { owner, repo } = readRepoContext()
    const octokit = await createOctokit(secretInput('token') ?? '')
    const result = await postStickyComment(
      octokit,
      { owner, repo, issueNumber: pr.number },
      commentMarker('fixture'),
      input('text', text),
      'auto',
      log,
    )
    setOutputs({ comment: result.status })
  },
  escape() {
    const untrusted = input('text', text)
    log.info(`report says: ${untrusted}`)
    writeReportJson('fixture', { untrusted })
  },
  bug() {
    const value: unknown = undefined
    ;(value as { property: string }).property.toString()
  },
}

export async function run(): Promise<void> {
  await scenarios[input('scenario', oneOf(SCENARIOS))]()
}

export function post(): void {
  log.info(`post step saw deploy-phase=${stepState('deploy-phase')}`)
}
