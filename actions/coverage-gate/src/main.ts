import { UserError } from '@shipgate/core/action'
import { readInputs } from './inputs.js'

export async function run(): Promise<void> {
  readInputs()
  throw new UserError('coverage-gate is not implemented yet')
}
