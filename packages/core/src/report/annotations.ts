import type { Logger } from '../action/logger.js'

export type AnnotationLevel = 'error' | 'warning' | 'notice'

export interface Annotation {
  level: AnnotationLevel
  message: string
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  /** Higher is worse; within a level the worst are kept when the cap bites. */
  rank: number
}

/** GitHub keeps at most 10 annotations of each level per step and drops the rest silently. */
export const ANNOTATIONS_PER_LEVEL = 10

/** Picks, per level, the `limit` worst annotations; returns them and how many were left out. */
export function selectAnnotations(
  annotations: readonly Annotation[],
  limit = ANNOTATIONS_PER_LEVEL,
): { kept: Annotation[]; omitted: Record<AnnotationLevel, number> } {
  const kept: Annotation[] = []
  const omitted: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 }
  for (const level of ['error', 'warning', 'notice'] as const) {
    const ofLevel = annotations.filter((annotation) => annotation.level === level)
    ofLevel.sort((a, b) => b.rank - a.rank)
    kept.push(...ofLevel.slice(0, limit))
    omitted[level] = Math.max(0, ofLevel.length - limit)
  }
  return { kept, omitted }
}

/** Emits the worst annotations within GitHub's cap and says in the log how many were not shown. */
export function emitAnnotations(annotations: readonly Annotation[], log: Logger): void {
  const { kept, omitted } = selectAnnotations(annotations)
  for (const annotation of kept) {
    log[annotation.level](annotation.message, {
      title: annotation.title,
      file: annotation.file,
      startLine: annotation.startLine,
      endLine: annotation.endLine,
    })
  }
  const left = Object.entries(omitted).filter(([, count]) => count > 0)
  if (left.length > 0) {
    log.info(
      `Annotations: ${left.map(([level, count]) => `${count} more ${level}s`).join(', ')} not shown (GitHub shows ${ANNOTATIONS_PER_LEVEL} per level per step); all are in the summary and report-json.`,
    )
  }
}
