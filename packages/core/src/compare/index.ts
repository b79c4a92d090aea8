export {
  compareSides,
  ALPHA,
  LEVEL,
  MIN_SLOWDOWN_MS,
  type Comparison,
  type CompareLimits,
  type Side,
} from './compare.js'
export { readCompareLimits, checkCompareWindow } from './inputs.js'
export { sideBySide, sideOf, windowOf, type SideBySide } from './side-by-side.js'
export { comparisonMarkdown } from './summary.js'
export { mannWhitney, twoProportions, quantileRatio, seededRandom, normalCdf } from './stats.js'
