// A markdown bullet list that stops after `max` items and says how many it left out, so a summary
// listing thousands of paths stays under the comment's cap. Only the items shown are formatted.
export function boundedList<T>(items: readonly T[], max: number, format: (item: T) => string): string {
  const shown = items.slice(0, max).map((item) => `- ${format(item)}`)
  if (items.length > max) shown.push(`- … and ${items.length - max} more`)
  return shown.join('\n')
}
