import { InputError, text, type InputReader } from '../../../action/index.js'

export interface NginxSettings {
  /** The file holding the active color's `server` line, included in the user's upstream block. */
  include: string
  testCommand: string
  reloadCommand: string
}

export function readNginxSettings({ input, optionalInput }: InputReader): NginxSettings {
  const include = optionalInput('nginx-include', text)
  if (include === undefined) {
    throw new InputError(
      'nginx-include',
      '',
      'the path of the file holding the active upstream, because provider is nginx',
    )
  }
  return { include, testCommand: input('nginx-test-command', text), reloadCommand: input('nginx-reload-command', text) }
}
