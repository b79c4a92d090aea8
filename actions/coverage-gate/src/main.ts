import { resolve } from 'node:path'
import { actionLog as log, endGate } from '@shipgate/core/action'
import { lazyOctokit, readPullRequest, repoContextIfAny } from '@shipgate/core/github'
import { postCommentStep, readPostCommentInputs } from '@shipgate/core/report'
import { readInputs } from './inputs.js'
import { measure } from './measure.js'
import { publish } from './publish.js'
import { readChanges, readReports, type RunContext } from './read.js'

export async function run(): Promise<void> {
  const posting = readPostCommentInputs()
  if (posting) return postCommentStep('coverage-gate', posting, log)
  const inputs = readInputs()
  const workspace = process.env.GITHUB_WORKSPACE
  const context: RunContext = {
    cwd: resolve(workspace ?? process.cwd(), inputs.workingDirectory),
    workspace,
    repo: repoContextIfAny(),
    pr: readPullRequest(),
    octokit: lazyOctokit(inputs.githubToken),
    log,
  }
  const read = await log.group('reading the reports', () => readReports(inputs, context))
  const changes = await log.group('reading the change', () => readChanges(inputs, read.repo.root, context))
  const measurement = measure(read, changes, inputs, [workspace, read.repo.root, context.cwd])
  if (measurement.headline.why) log.info(`The headline is recomputed from line data: ${measurement.headline.why}`)
  for (const entry of measurement.merged.unmatched.slice(0, 5))
    log.warning(
      entry.fits
        ? `${entry.path} (in ${entry.report}) fits ${entry.fits.length} files of the repository equally (${entry.fits.slice(0, 3).join(', ')}${entry.fits.length > 3 ? ', …' : ''}); it is not counted: path-fixes can say which`
        : `${entry.path} (in ${entry.report}) matches no file in the repository; it is not counted`,
    )
  for (const component of measurement.components?.results ?? []) {
    for (const glob of component.emptyGlobs)
      log.warning(`components: ${glob} of component ${component.name} matches no file this run measured`)
    if (component.carriedFrom)
      log.info(
        `component ${component.name}: no report of this run measures it; numbers carried from ${component.carriedFrom}`,
      )
  }
  await log.group('publishing', () => publish(measurement, read, inputs, context))
  endGate('Coverage gate failed', measurement.verdict, inputs.fail, log.warning)
}
