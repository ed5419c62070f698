/**
 * Sections computed on first read and kept: an analysis object is built per plan in O(1), and a
 * reader that needs only the web tier never pays for the optimizer or the DynamoDB day.
 */
export type SectionThunks<T> = { [K in keyof T]: () => T[K] };

export function lazySections<T extends object>(thunks: SectionThunks<T>): T {
  const out = {} as T;
  for (const key of Object.keys(thunks) as (keyof T)[]) {
    let done = false;
    let value: T[typeof key];
    Object.defineProperty(out, key, {
      enumerable: true,
      get() {
        if (!done) {
          value = thunks[key]();
          done = true;
        }
        return value;
      },
    });
  }
  return out;
}

/** One computation per plan object (the store replaces the plan on every valid change; a WeakMap lets old plans go). */
export function memoOnObject<K extends object, T>(compute: (key: K) => T): (key: K) => T {
  const cache = new WeakMap<K, T>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
