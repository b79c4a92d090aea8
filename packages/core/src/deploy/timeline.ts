import { table } from '../report/markdown.js'
import type { PhaseEntry } from './state.js'

/** The phases of a deploy or rollback with how long each took, for the job summary. */
export function timelineMarkdown(timeline: readonly PhaseEntry[]): string {
  if (timeline.length === 0) return ''
  const rows = timeline.map((entry, index) => {
    const next = timeline[index + 1]
    return [entry.phase, entry.at, next ? `${((Date.parse(next.at) - Date.parse(entry.at)) / 1000).toFixed(1)} s` : '']
  })
  return `### Timeline\n\n${table(['phase', 'started', 'took'], rows)}`
}
