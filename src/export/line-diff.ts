/**
 * Line diffs of generated text, by longest common subsequence of lines. Pure (no React, no store):
 * the export panel highlights what changed since the last view of a file, and the comparison of
 * two plans shows the diff of every exported file. Config files are a few hundred lines, so the
 * O(n·m) table is small.
 */

export type DiffOp =
  /** A line in both texts; `a` and `b` are its 0-based line numbers in each. */
  | { kind: 'same'; text: string; a: number; b: number }
  /** A line only in the new text, at line `b`. */
  | { kind: 'add'; text: string; b: number }
  /** A line only in the old text, at line `a`. */
  | { kind: 'del'; text: string; a: number };

/** Past this many cells the LCS table is not built: the texts are compared as sets of lines. */
const MAX_TABLE_CELLS = 4_000_000;

/** Split into lines; a final newline ends the last line rather than starting an empty one. */
function lines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/** The old text's lines, deleted or kept, then the new text's, in an order a reader can follow. */
export function diffLines(prev: string, next: string): DiffOp[] {
  const a = lines(prev);
  const b = lines(next);
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_TABLE_CELLS) {
    // Pathological sizes: every line not in the other text is deleted / added.
    const inA = new Set(a);
    const inB = new Set(b);
    return [
      ...a.flatMap((text, i): DiffOp[] => (inB.has(text) ? [] : [{ kind: 'del', text, a: i }])),
      ...b.flatMap((text, j): DiffOp[] => (inA.has(text) ? [] : [{ kind: 'add', text, b: j }])),
    ];
  }
  // lcs[i][j] = LCS length of a[i..] and b[j..], stored flat.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? (lcs[(i + 1) * w + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: 'same', text: a[i] as string, a: i++, b: j++ });
    } else if (i < n && (j >= m || (lcs[(i + 1) * w + j] as number) >= (lcs[i * w + j + 1] as number))) {
      ops.push({ kind: 'del', text: a[i] as string, a: i++ });
    } else {
      ops.push({ kind: 'add', text: b[j] as string, b: j++ });
    }
  }
  return ops;
}

/** Indexes (0-based) of lines in `next` that are added or changed relative to `prev`. */
export function changedLines(prev: string, next: string): Set<number> {
  return new Set(diffLines(prev, next).flatMap((op) => (op.kind === 'add' ? [op.b] : [])));
}

export interface DiffHunk {
  /** First line of the hunk in each text, 1-based as in `diff -u` (0 when the hunk is empty on that side). */
  aStart: number;
  bStart: number;
  ops: DiffOp[];
}

/**
 * The changes with `context` unchanged lines around each, as `diff -u` groups them: runs of
 * unchanged lines longer than twice the context split the hunks. No hunks when nothing changed.
 */
export function diffHunks(ops: readonly DiffOp[], context = 3): DiffHunk[] {
  const changedAt = ops.flatMap((op, k) => (op.kind === 'same' ? [] : [k]));
  const hunks: DiffHunk[] = [];
  let start = -1;
  let end = -1;
  const flush = () => {
    if (start < 0) return;
    const slice = ops.slice(start, end + 1);
    let aStart = 0;
    let bStart = 0;
    for (const op of slice) {
      if (aStart === 0 && op.kind !== 'add') aStart = op.a + 1;
      if (bStart === 0 && op.kind !== 'del') bStart = op.b + 1;
    }
    hunks.push({ aStart, bStart, ops: slice });
  };
  for (const k of changedAt) {
    const from = Math.max(0, k - context);
    if (start >= 0 && from <= end + 1) {
      end = Math.min(ops.length - 1, k + context);
      continue;
    }
    flush();
    start = from;
    end = Math.min(ops.length - 1, k + context);
  }
  flush();
  return hunks;
}

/** Lines added and removed. */
export function diffCounts(ops: readonly DiffOp[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const op of ops) {
    if (op.kind === 'add') added++;
    else if (op.kind === 'del') removed++;
  }
  return { added, removed };
}
