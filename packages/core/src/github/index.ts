export { createOctokit, lazyOctokit, type Octokit } from './octokit.js'
export { describeApiError } from './errors.js'
export {
  readRepoContext,
  repoContextIfAny,
  readPullRequest,
  readChangeBase,
  readWorkflowRun,
  type WorkflowRunContext,
  type RepoContext,
  type PullRequestContext,
} from './context.js'
export { git, fileAtCommit, type FileAtCommit } from './git.js'
export { DeploymentRecord, type DeploymentState } from './deployments.js'
