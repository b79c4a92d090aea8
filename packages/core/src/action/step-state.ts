import * as core from '@actions/core'

/** Saves a value for this action's `post:` step (the runner hands it over as STATE_<name>). */
export function saveStepState(name: string, value: string): void {
  core.saveState(name, value)
}

/** A value the main step saved for the `post:` step; '' when there is none. */
export function stepState(name: string): string {
  return core.getState(name)
}
