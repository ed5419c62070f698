/**
 * Which lines of the new text are not in the old one, by longest common subsequence of lines.
 * Config files are a few hundred lines, so the O(n·m) table is small.
 */

/** Indexes (0-based) of lines in `next` that are added or changed relative to `prev`. */
export function changedLines(prev: string, next: string): Set<number> {
  const a = prev.split('\n');
  const b = next.split('\n');
  const n = a.length;
  const m = b.length;
  // Guard against pathological sizes: fall back to a line-set comparison.
  if (n * m > 4_000_000) {
    const old = new Set(a);
    return new Set(b.flatMap((line, i) => (old.has(line) ? [] : [i])));
  }
  // lcs[i][j] = LCS length of a[i..] and b[j..], stored flat.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? (lcs[(i + 1) * w + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
    }
  }
  const changed = new Set<number>();
  let i = 0;
  let j = 0;
  while (j < m) {
    if (i < n && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < n && (lcs[(i + 1) * w + j] as number) >= (lcs[i * w + j + 1] as number)) {
      i++;
    } else {
      changed.add(j);
      j++;
    }
  }
  return changed;
}
