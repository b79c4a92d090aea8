export { escapeLog, escapeHtml, escapeMarkdown, preformatted, truncate } from '../text/escape.js'
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
export {
  writeCommentBundle,
  readCommentBundle,
  postCommentBundle,
  untrustedMarkdown,
  commentOnPullRequest,
  readPostCommentInputs,
  postCommentStep,
  type PostCommentInputs,
  type CommentBundle,
  type CommentOptions,
} from './comment-bundle.js'
export { workspacePath } from '../text/workspace-path.js'
