export { escapeLog, escapeHtml, escapeMarkdown, preformatted, truncate } from './escape.js'
export { fitSummary, writeSummary, SUMMARY_LIMIT_BYTES } from './summary.js'
export {
  emitAnnotations,
  selectAnnotations,
  ANNOTATIONS_PER_LEVEL,
  type Annotation,
  type AnnotationLevel,
} from './annotations.js'
export {
  commentMarker,
  fitComment,
  postStickyComment,
  COMMENT_LIMIT_CHARS,
  type CommentMode,
  type CommentResult,
  type CommentTarget,
} from './comment.js'
export { table, details, verdictIcon, type Cell } from './markdown.js'
export { writeReportJson } from './report-json.js'
