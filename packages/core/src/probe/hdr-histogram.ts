// A log-linear (HDR) histogram of integer values, as HdrHistogram lays it out: exact below 2048,
// then 1024 sub-buckets per power of two, so any recorded value is known to within 0.1 % while
// the memory stays a few kilobytes however many values are recorded.

const SUB_BUCKETS = 2048
const HALF = SUB_BUCKETS / 2
const MAX_VALUE = 2 ** 40

function indexOf(value: number): number {
  if (value < SUB_BUCKETS) return value
  const exponent = Math.floor(Math.log2(value)) - 10
  const sub = Math.floor(value / 2 ** exponent)
  return SUB_BUCKETS + (exponent - 1) * HALF + (sub - HALF)
}

/** The largest value that lands in bucket `index` (HdrHistogram's highest equivalent value). */
function highestAt(index: number): number {
  if (index < SUB_BUCKETS) return index
  const exponent = Math.floor((index - SUB_BUCKETS) / HALF) + 1
  const sub = ((index - SUB_BUCKETS) % HALF) + HALF
  return (sub + 1) * 2 ** exponent - 1
}

export class HdrHistogram {
  private counts: number[] = []
  count = 0
  min = Number.POSITIVE_INFINITY
  max = 0
  private sum = 0

  record(value: number): void {
    const clamped = Math.min(MAX_VALUE, Math.max(0, Math.round(value)))
    const index = indexOf(clamped)
    this.counts[index] = (this.counts[index] ?? 0) + 1
    this.count += 1
    this.sum += clamped
    if (clamped < this.min) this.min = clamped
    if (clamped > this.max) this.max = clamped
  }

  get mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count
  }

  /** The value at percentile `p` (0–100); 0 for an empty histogram. */
  percentile(p: number): number {
    if (this.count === 0) return 0
    const rank = Math.max(1, Math.ceil((p / 100) * this.count))
    let seen = 0
    for (let index = 0; index < this.counts.length; index++) {
      seen += this.counts[index] ?? 0
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, highestAt(index)))
    }
    return this.max
  }

  add(other: HdrHistogram): void {
    other.counts.forEach((count, index) => {
      if (count) this.counts[index] = (this.counts[index] ?? 0) + count
    })
    this.count += other.count
    this.sum += other.sum
    this.min = Math.min(this.min, other.min)
    this.max = Math.max(this.max, other.max)
  }
}
