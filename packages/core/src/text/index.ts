export { escapeLog, escapeHtml, escapeMarkdown, preformatted, truncate } from './escape.js'
export { workspacePath } from './workspace-path.js'
