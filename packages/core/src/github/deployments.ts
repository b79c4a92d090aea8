import type { Logger } from '../action/logger.js'
import type { Octokit } from './octokit.js'
import type { RepoContext } from './context.js'
import { describeApiError } from './errors.js'

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive' | 'error'

/**
 * A GitHub deployment and its statuses: one POST to create it and one per status, nothing
 * else. Every API failure is a warning: the deploy itself decides the step's outcome.
 */
export class DeploymentRecord {
  private constructor(
    private readonly octokit: Octokit,
    private readonly repo: RepoContext,
    readonly id: number,
    private readonly log: Logger,
  ) {}

  static async create(
    octokit: Octokit,
    repo: RepoContext,
    options: { environment: string; ref: string; description: string; payload: Record<string, string> },
    log: Logger,
  ): Promise<DeploymentRecord | undefined> {
    try {
      const { data } = await octokit.rest.repos.createDeployment({
        owner: repo.owner,
        repo: repo.repo,
        ref: options.ref,
        environment: options.environment,
        description: options.description,
        payload: options.payload,
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        production_environment: /^prod/i.test(options.environment),
      })
      if (!('id' in data)) throw new Error(data.message ?? 'GitHub did not create the deployment')
      return new DeploymentRecord(octokit, repo, data.id, log)
    } catch (error) {
      log.warning(`Could not record a GitHub deployment: ${describeApiError(error)}. The deploy goes on.`)
      return undefined
    }
  }

  static existing(octokit: Octokit, repo: RepoContext, id: number, log: Logger): DeploymentRecord {
    return new DeploymentRecord(octokit, repo, id, log)
  }

  /** The environment's latest deployment, or undefined (none, or the API failed: a warning). */
  static async latest(
    octokit: Octokit,
    repo: RepoContext,
    environment: string,
    log: Logger,
  ): Promise<DeploymentRecord | undefined> {
    try {
      const { data } = await octokit.rest.repos.listDeployments({
        owner: repo.owner,
        repo: repo.repo,
        environment,
        per_page: 1,
      })
      const latest = data[0]
      return latest ? new DeploymentRecord(octokit, repo, latest.id, log) : undefined
    } catch (error) {
      log.warning(`Could not read the latest GitHub deployment of ${environment}: ${describeApiError(error)}`)
      return undefined
    }
  }

  async status(state: DeploymentState, details: { description: string; environmentUrl?: string }): Promise<void> {
    try {
      await this.octokit.rest.repos.createDeploymentStatus({
        owner: this.repo.owner,
        repo: this.repo.repo,
        deployment_id: this.id,
        state,
        description: details.description.slice(0, 140),
        log_url: this.repo.runUrl,
        ...(details.environmentUrl ? { environment_url: details.environmentUrl } : {}),
        auto_inactive: state === 'success',
      })
    } catch (error) {
      this.log.warning(`Could not set the GitHub deployment ${this.id} to ${state}: ${describeApiError(error)}`)
    }
  }
}
