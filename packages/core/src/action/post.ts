import * as core from '@actions/core'

const IS_POST = 'isPost'

/**
 * Runs `main`, or `post` when this is the `post:` step of an action whose action.yml points both
 * at the same bundle. The main step leaves a state flag behind; the runner hands it to the post
 * step as STATE_isPost (the pattern of actions/checkout).
 */
export async function mainOrPost(main: () => Promise<void>, post: () => Promise<void> | void): Promise<void> {
  if (core.getState(IS_POST) === 'true') return post()
  core.saveState(IS_POST, 'true')
  return main()
}
