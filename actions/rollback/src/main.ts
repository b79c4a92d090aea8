import * as core from '@actions/core'
import { UserError } from '@shipgate/core/action'
import { readInputs } from './inputs.js'

export async function run(): Promise<void> {
  readInputs()
  throw new UserError('rollback is not implemented yet')
}

/** Cleanup after the main step; until deploys hold a lock there is nothing to release. */
export async function post(): Promise<void> {
  core.info('Nothing to clean up.')
}
