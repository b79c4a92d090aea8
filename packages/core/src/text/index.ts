export { escapeLog, escapeHtml, escapeMarkdown, preformatted, truncate } from './escape.js'
