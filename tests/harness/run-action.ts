// Runs a committed action bundle exactly as the hosted runner does: Node 24, INPUT_* variables
// (hyphens kept, defaults taken from action.yml), the GITHUB_* and RUNNER_* environment, fresh
// file-command files per step, workflow commands parsed from stdout, then the `post:` step with
// the saved state as STATE_*.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseActionYml, repoRoot, type ActionYml } from '../../tools/lib/action-yml.js'
import { runnerManifestProblems } from '../../tools/lib/runner-manifest.js'
import { ensureNode24 } from '../../tools/node24.js'
import { parseFileCommand, parseStdout, type WorkflowCommand } from './workflow-commands.js'

export interface RunOptions {
  inputs?: Record<string, string>
  /** Extra environment, on top of what the runner sets. */
  env?: Record<string, string>
  /** GITHUB_WORKSPACE and the step's working directory; a fresh temp folder by default. */
  workspace?: string
  event?: { name: string; payload: object }
  /** The value `${{ github.token }}` expands to. */
  token?: string
  githubApiUrl?: string
  /** The step is killed (and the run marked timedOut) after this long: a hang fails the test. */
  timeoutMs?: number
  /** Called for each stdout line as it arrives, e.g. to send SIGINT at a chosen moment. */
  onLine?: (line: string, child: ChildProcess) => void
  /** Skip the post step even when action.yml has one: the runner machine died with the step. */
  skipPost?: boolean
  /**
   * Start each step as the leader of its own process group, so a test can kill the whole step
   * (`process.kill(-child.pid, 'SIGKILL')`) as a dying runner would: children included.
   */
  processGroup?: boolean
}

export interface StepResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  stdout: string
  stderr: string
  /** The log as shown on github.com, masks applied. */
  visible: string
  commands: WorkflowCommand[]
  errors: WorkflowCommand[]
  warnings: WorkflowCommand[]
  notices: WorkflowCommand[]
  masks: string[]
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
}

export interface RunResult {
  main: StepResult
  post: StepResult | undefined
  workspace: string
  runnerTemp: string
}

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Expands the few expressions action.yml defaults use; anything else is a harness error. */
function expandDefault(value: string, token: string): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    if (expression === 'github.token') return token
    throw new Error(`action.yml default uses an expression the harness does not know: ${expression}`)
  })
}

export function inputEnv(yml: ActionYml, inputs: Record<string, string>, token: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of Object.keys(inputs)) {
    if (!(name in yml.inputs)) throw new Error(`'${name}' is not an input of ${yml.name}`)
  }
  for (const [name, spec] of Object.entries(yml.inputs)) {
    const value = inputs[name] ?? (spec.default === undefined ? undefined : expandDefault(spec.default, token))
    if (value !== undefined) env[inputEnvName(name)] = value
  }
  return env
}

let runCounter = 0

async function runStep(
  bundle: string,
  env: Record<string, string>,
  stepDir: string,
  options: RunOptions,
  workspace: string,
): Promise<StepResult> {
  const files = {
    GITHUB_OUTPUT: join(stepDir, 'output'),
    GITHUB_STATE: join(stepDir, 'state'),
    GITHUB_STEP_SUMMARY: join(stepDir, 'summary.md'),
    GITHUB_ENV: join(stepDir, 'env'),
    GITHUB_PATH: join(stepDir, 'path'),
  }
  mkdirSync(stepDir, { recursive: true })
  for (const file of Object.values(files)) writeFileSync(file, '')
  const node = ensureNode24()
  const child = spawn(node, [bundle], {
    cwd: workspace,
    env: { ...env, ...files },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.processGroup ?? false,
  })
  let stdout = ''
  let stderr = ''
  let pending = ''
  let timedOut = false
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) options.onLine?.(line, child)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, options.timeoutMs ?? 60_000)
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  )
  clearTimeout(timer)
  const parsed = parseStdout(stdout)
  const byName = (name: string) => parsed.commands.filter((command) => command.name === name)
  return {
    exitCode,
    signal,
    timedOut,
    stdout,
    stderr,
    visible: parsed.visible.join('\n'),
    commands: parsed.commands,
    errors: byName('error'),
    warnings: byName('warning'),
    notices: byName('notice'),
    masks: parsed.masks,
    outputs: parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommand(readFileSync(files.GITHUB_STATE, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
  }
}

/** The manifest as the runner loads it: one it would refuse fails the test before anything runs. */
export function loadManifest(actionDir: string): ActionYml {
  const file = join(actionDir, 'action.yml')
  const source = readFileSync(file, 'utf8')
  const problems = runnerManifestProblems(source)
  if (problems.length > 0) {
    throw new Error(`The runner would refuse to load ${file} ("Fail to load action.yml"):\n- ${problems.join('\n- ')}`)
  }
  return parseActionYml(source, file)
}

/** Runs `actions/<name>` (or any folder with action.yml + dist) through main and post. */
export async function runAction(action: string, options: RunOptions = {}): Promise<RunResult> {
  const actionDir = action.includes('/') ? action : join(repoRoot, 'actions', action)
  const yml = loadManifest(actionDir)
  const root = mkdtempSync(join(tmpdir(), 'shipgate-run-'))
  const workspace = options.workspace ?? join(root, 'workspace')
  const runnerTemp = join(root, 'runner-temp')
  mkdirSync(workspace, { recursive: true })
  mkdirSync(runnerTemp, { recursive: true })
  const event = options.event ?? { name: 'push', payload: {} }
  const eventPath = join(root, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event.payload))
  runCounter += 1
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? root,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'octo-org/shipgate-demo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_RUN_ID: String(9000 + runCounter),
    GITHUB_RUN_NUMBER: String(runCounter),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.githubApiUrl ?? 'http://127.0.0.1:9',
    GITHUB_GRAPHQL_URL: `${options.githubApiUrl ?? 'http://127.0.0.1:9'}/graphql`,
    GITHUB_WORKFLOW: 'ci',
    GITHUB_JOB: 'gate',
    GITHUB_ACTION: `__shipgate_step_${runCounter}`,
    GITHUB_ACTION_PATH: actionDir,
    GITHUB_ACTOR: 'octocat',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'shipgate-harness',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(root, 'tool-cache'),
    ...options.env,
  }
  const env = { ...base, ...inputEnv(yml, options.inputs ?? {}, options.token ?? '') }
  const main = await runStep(join(actionDir, yml.runs.main), env, join(root, 'main'), options, workspace)
  let post: StepResult | undefined
  // post-if defaults to always(): the runner runs post even when main failed.
  if (yml.runs.post && !options.skipPost && !main.timedOut) {
    const stateEnv = Object.fromEntries(Object.entries(main.state).map(([name, value]) => [`STATE_${name}`, value]))
    post = await runStep(
      join(actionDir, yml.runs.post),
      { ...env, ...stateEnv },
      join(root, 'post'),
      options,
      workspace,
    )
  }
  return { main, post, workspace, runnerTemp }
}
