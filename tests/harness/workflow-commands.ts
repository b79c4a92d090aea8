// Parses what a step prints and writes the way the Actions runner does: workflow commands on
// stdout (`::name k=v::message`), masks applied to later lines, `::stop-commands::`, and the
// file commands (GITHUB_OUTPUT, GITHUB_STATE) in both `name=value` and heredoc form.

export interface WorkflowCommand {
  name: string
  properties: Record<string, string>
  message: string
  /** 0-based index of the stdout line it came from. */
  line: number
}

function unescapeData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

function unescapeProperty(text: string): string {
  return unescapeData(text).replace(/%3A/gi, ':').replace(/%2C/gi, ',')
}

const COMMAND = /^::([A-Za-z][\w-]*)(?: ([^:]*))?::(.*)$/

export interface ParsedLog {
  commands: WorkflowCommand[]
  masks: string[]
  /** The log as a person sees it on github.com: each mask applied to the lines after it. */
  visible: string[]
}

export function parseStdout(stdout: string): ParsedLog {
  const commands: WorkflowCommand[] = []
  const masks: string[] = []
  const visible: string[] = []
  let stopToken: string | undefined
  stdout.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trimStart()
    const match = COMMAND.exec(line)
    let shown = rawLine
    if (match) {
      const [, name = '', props = '', message = ''] = match
      if (stopToken !== undefined) {
        if (name === stopToken) stopToken = undefined
      } else if (name === 'stop-commands') {
        stopToken = message
      } else {
        const properties: Record<string, string> = {}
        for (const pair of props.split(',').filter(Boolean)) {
          const at = pair.indexOf('=')
          if (at > 0) properties[pair.slice(0, at).trim()] = unescapeProperty(pair.slice(at + 1))
        }
        const command = { name, properties, message: unescapeData(message), line: index }
        commands.push(command)
        if (name === 'add-mask' && command.message !== '') masks.push(command.message)
        shown = name === 'add-mask' ? '' : shown
      }
    }
    for (const mask of masks) shown = shown.split(mask).join('***')
    visible.push(shown)
  })
  return { commands, masks, visible }
}

/** The runner's parser for GITHUB_OUTPUT, GITHUB_STATE and GITHUB_ENV files. */
export function parseFileCommand(content: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = content.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '')
    if (line === '') continue
    const equals = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (equals > 0 && (heredoc < 0 || equals < heredoc)) {
      values[line.slice(0, equals)] = line.slice(equals + 1)
      continue
    }
    if (heredoc <= 0) throw new Error(`file command line ${i + 1} is neither name=value nor name<<DELIMITER: ${line}`)
    const name = line.slice(0, heredoc)
    const delimiter = line.slice(heredoc + 2)
    const body: string[] = []
    for (i++; i < lines.length && (lines[i] ?? '').replace(/\r$/, '') !== delimiter; i++) body.push(lines[i] ?? '')
    if (i >= lines.length) throw new Error(`file command value of '${name}' has no closing delimiter ${delimiter}`)
    values[name] = body.join('\n')
  }
  return values
}
