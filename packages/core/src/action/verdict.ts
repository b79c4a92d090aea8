/** What every gate and every deploy decides, in the same two words: passed or not, and why. */
export interface Verdict {
  passed: boolean
  /** One sentence: what passed, or every reason it failed. */
  reason: string
}
