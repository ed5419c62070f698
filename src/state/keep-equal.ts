/**
 * Structural sharing for results that arrive as fresh copies (the analysis worker's structured
 * clones): `keepEqual(prev, next)` returns `next` (or `prev` when they are equal), where every
 * part of `next` that equals the same part of `prev` has been replaced, in place, by `prev`'s object. A slider that moves the planned load leaves
 * the load curves, the topology and most of the fleet unchanged: their objects keep their
 * identity, so memoised selectors, `useMemo`s and `memo` components (the Recharts charts above
 * all) skip them instead of redrawing the same picture.
 *
 * Plain data only (objects, arrays, primitives; what structured clone gives): numbers compare with
 * Object.is, so NaN equals NaN and a curve with gaps is still "the same".
 */
export function keepEqual<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return next;
  if (typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return next;
  if (Array.isArray(next)) return (Array.isArray(prev) && adoptArray(prev, next) ? prev : next) as T;
  if (Array.isArray(prev) || Object.getPrototypeOf(next) !== Object.prototype || Object.getPrototypeOf(prev) !== Object.prototype) return next;
  return (adoptObject(prev as Record<string, unknown>, next as Record<string, unknown>) ? prev : next) as T;
}

/*
 * `next` is taken over: it is a fresh copy nobody else holds, so its equal parts are swapped for
 * `prev`'s in place (no copy, no garbage: a settled result has ~10,000 values and arrives several
 * times during a drag). Each returns whether all of `next` equals `prev`.
 */
function adoptArray(prev: readonly unknown[], next: unknown[]): boolean {
  let same = prev.length === next.length;
  const n = Math.min(prev.length, next.length);
  for (let i = 0; i < n; i++) {
    const v = keepEqual(prev[i], next[i]);
    next[i] = v;
    if (!Object.is(v, prev[i])) same = false;
  }
  return same;
}

function adoptObject(prev: Record<string, unknown>, next: Record<string, unknown>): boolean {
  let same = true;
  let count = 0;
  for (const k in next) {
    count++;
    if (!Object.prototype.hasOwnProperty.call(prev, k)) {
      same = false;
      continue;
    }
    const v = keepEqual(prev[k], next[k]);
    next[k] = v;
    if (!Object.is(v, prev[k])) same = false;
  }
  return same && count === Object.keys(prev).length;
}
