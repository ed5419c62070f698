/**
 * Structural sharing for results that arrive as fresh copies (the analysis worker's structured
 * clones): `keepEqual(prev, next)` returns `next`, except that every part of it that equals the
 * same part of `prev` is replaced by `prev`'s object. A slider that moves the planned load leaves
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
  if (Array.isArray(prev) !== Array.isArray(next)) return next;
  if (Array.isArray(next)) return keepEqualArray(prev as unknown[], next) as T;
  if (Object.getPrototypeOf(next) !== Object.prototype || Object.getPrototypeOf(prev) !== Object.prototype) return next;
  return keepEqualObject(prev as Record<string, unknown>, next as Record<string, unknown>) as T;
}

function keepEqualArray(prev: readonly unknown[], next: unknown[]): unknown[] {
  let same = prev.length === next.length;
  const out = new Array<unknown>(next.length);
  for (let i = 0; i < next.length; i++) {
    const v = i < prev.length ? keepEqual(prev[i], next[i]) : next[i];
    out[i] = v;
    if (!Object.is(v, prev[i])) same = false;
  }
  return same ? (prev as unknown[]) : out;
}

function keepEqualObject(prev: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(next);
  let same = keys.length === Object.keys(prev).length;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const had = Object.prototype.hasOwnProperty.call(prev, k);
    const v = had ? keepEqual(prev[k], next[k]) : next[k];
    out[k] = v;
    if (!had || !Object.is(v, prev[k])) same = false;
  }
  return same ? prev : out;
}
