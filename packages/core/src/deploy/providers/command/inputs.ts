import { InputError, text, type InputReader } from '../../../action/index.js'

export interface CommandSettings {
  /** Points traffic at $BG_COLOR: a cloud CLI, HAProxy's runtime API, a load balancer's API. */
  switchCommand: string
}

export function readCommandSettings({ optionalInput }: InputReader): CommandSettings {
  const switchCommand = optionalInput('switch-command', text)
  if (switchCommand === undefined) {
    throw new InputError(
      'switch-command',
      '',
      'a shell command that points traffic at $BG_COLOR, because provider is command',
    )
  }
  return { switchCommand }
}
