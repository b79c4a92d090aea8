import * as core from '@actions/core'
import { escapeLog } from '../text/escape.js'

export interface AnnotationPlace {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
}

/**
 * Where every module writes to the log. Text is kept raw wherever it is built (it also goes to
 * report-json and outputs, which must carry it unchanged) and escaped here, the one place it
 * reaches the runner's log, so nothing from a report, a URL or a command's output can become a
 * workflow command. Modules get a Logger passed in; only the action layer touches @actions/core.
 */
export interface Logger {
  info: (message: string) => void
  warning: (message: string, place?: AnnotationPlace) => void
  error: (message: string, place?: AnnotationPlace) => void
  notice: (message: string, place?: AnnotationPlace) => void
  debug: (message: string) => void
  /** Runs `work` inside a collapsible log group named for a phase (`deploying`, `verifying`, …). */
  group: <T>(name: string, work: () => Promise<T>) => Promise<T>
}

function escapedPlace(place: AnnotationPlace | undefined): core.AnnotationProperties | undefined {
  if (!place) return undefined
  return {
    title: place.title === undefined ? undefined : escapeLog(place.title),
    file: place.file,
    startLine: place.startLine,
    endLine: place.endLine,
  }
}

/** The runner's log, through @actions/core, escaped at print time. */
export const actionLog: Logger = {
  info: (message) => core.info(escapeLog(message)),
  warning: (message, place) => core.warning(escapeLog(message), escapedPlace(place)),
  error: (message, place) => core.error(escapeLog(message), escapedPlace(place)),
  notice: (message, place) => core.notice(escapeLog(message), escapedPlace(place)),
  debug: (message) => core.debug(escapeLog(message)),
  // Where a step's time goes, for users who turn on debug logging (and for the benchmarks).
  group: (name, work) =>
    core.group(escapeLog(name), async () => {
      const start = performance.now()
      try {
        return await work()
      } finally {
        core.debug(escapeLog(`${name}: ${Math.round(performance.now() - start)} ms`))
      }
    }),
}

export interface LogLine {
  level: 'info' | 'warning' | 'error' | 'notice' | 'debug' | 'group'
  message: string
}

/** A Logger that keeps what it is told, for unit tests of modules that log. */
export function memoryLog(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = []
  const keep = (level: LogLine['level']) => (message: string) => void lines.push({ level, message })
  return {
    lines,
    info: keep('info'),
    warning: keep('warning'),
    error: keep('error'),
    notice: keep('notice'),
    debug: keep('debug'),
    group: async (name, work) => {
      lines.push({ level: 'group', message: name })
      return work()
    },
  }
}
