/** Lines a change added or modified (new numbering) and removed (old numbering), per file. */
export interface Diff {
  added: Map<string, Set<number>>
  removed: Map<string, Set<number>>
}

export function emptyDiff(): Diff {
  return { added: new Map(), removed: new Map() }
}

function add(map: Map<string, Set<number>>, file: string, from: number, count: number): void {
  if (count <= 0) return
  const lines = map.get(file) ?? new Set<number>()
  for (let line = from; line < from + count; line++) lines.add(line)
  map.set(file, lines)
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/

/** Hunk headers of a unified diff with zero context; `file` names a patch without file headers. */
export function parseUnifiedDiff(text: string, into: Diff = emptyDiff(), file?: string): Diff {
  let oldFile = file
  let newFile = file
  // File headers come only between `diff --git` and the first hunk: a removed line reading
  // `-- comment` shows as `--- comment` inside a hunk and is content.
  let inHeader = false
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) inHeader = true
    else if (inHeader && line.startsWith('--- ')) oldFile = line === '--- /dev/null' ? undefined : line.slice(6)
    else if (inHeader && line.startsWith('+++ ')) newFile = line === '+++ /dev/null' ? undefined : line.slice(6)
    else {
      if (line.startsWith('@@')) inHeader = false
      const match = HUNK.exec(line)
      if (!match) continue
      const [, oldStart, oldCount, newStart, newCount] = match
      if (oldFile) add(into.removed, oldFile, Number(oldStart), oldCount === undefined ? 1 : Number(oldCount))
      if (newFile) add(into.added, newFile, Number(newStart), newCount === undefined ? 1 : Number(newCount))
    }
  }
  return into
}
