import { describe, expect, it } from 'vitest';
import { createLagged, type LaggedTimers } from './lagged';

/** A manual clock: timers and "paints" run only when the test advances them. */
function manualTimers() {
  let t = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const paints = new Map<number, () => void>();
  const api: LaggedTimers = {
    now: () => t,
    setTimeout: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: t + ms, fn });
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    afterPaint: (fn) => {
      const id = ++seq;
      paints.set(id, fn);
      return () => void paints.delete(id);
    },
  };
  const advance = (ms: number) => {
    const end = t + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      t = Math.max(t, due[1].at);
      timers.delete(due[0]);
      due[1].fn();
    }
    t = end;
  };
  const paint = () => {
    const fns = [...paints.values()];
    paints.clear();
    fns.forEach((f) => f());
  };
  return { api, advance, paint };
}

function source(initial: number) {
  let v = initial;
  const ls = new Set<() => void>();
  return {
    get: () => v,
    subscribe: (l: () => void) => {
      ls.add(l);
      return () => ls.delete(l);
    },
    set: (n: number) => {
      v = n;
      ls.forEach((l) => l());
    },
  };
}

describe('createLagged', () => {
  it('catches up quietMs after the last change, and only after a paint', () => {
    const s = source(1);
    const m = manualTimers();
    const lagged = createLagged(s, { quietMs: 100, maxWaitMs: 1000 }, m.api);
    let notified = 0;
    lagged.subscribe(() => notified++);
    s.set(2);
    m.advance(50);
    s.set(3);
    m.advance(99);
    expect(lagged.get()).toBe(1);
    m.advance(1);
    expect(lagged.get()).toBe(1); // timer fired; waiting for the paint
    m.paint();
    expect(lagged.get()).toBe(3);
    expect(notified).toBe(1);
  });

  it('a continuous drag still publishes every maxWaitMs', () => {
    const s = source(0);
    const m = manualTimers();
    const lagged = createLagged(s, { quietMs: 100, maxWaitMs: 150 }, m.api);
    const seen: number[] = [];
    lagged.subscribe(() => seen.push(lagged.get()));
    for (let i = 1; i <= 30; i++) {
      s.set(i);
      m.advance(16);
      m.paint();
    }
    // 30 moves over 480 ms: published about every 150 ms, never the stale value twice.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.length).toBeLessThanOrEqual(4);
    expect(new Set(seen).size).toBe(seen.length);
    m.advance(200);
    m.paint();
    expect(lagged.get()).toBe(30);
  });

  it('before anyone subscribes, get() follows the source at once (no stale first render)', () => {
    const s = source(1);
    const m = manualTimers();
    const lagged = createLagged(s, { quietMs: 100, maxWaitMs: 1000 }, m.api);
    s.set(2);
    expect(lagged.get()).toBe(2);
    const off = lagged.subscribe(() => undefined);
    s.set(3);
    expect(lagged.get()).toBe(2);
    off();
  });

  it('does not notify when the value returns to the published one before the timer', () => {
    const s = source(5);
    const m = manualTimers();
    const lagged = createLagged(s, { quietMs: 10, maxWaitMs: 100 }, m.api);
    let notified = 0;
    lagged.subscribe(() => notified++);
    s.set(6);
    s.set(5);
    m.advance(20);
    m.paint();
    expect(notified).toBe(0);
    expect(lagged.get()).toBe(5);
  });
});
