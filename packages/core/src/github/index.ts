export { createOctokit, type Octokit } from './octokit.js'
export { describeApiError } from './errors.js'
export { readRepoContext, readPullRequest, type RepoContext, type PullRequestContext } from './context.js'
export { DeploymentRecord, type DeploymentState } from './deployments.js'
