import { describe, expect, it } from 'vitest';
import { createLagged } from './lagged';
import { manualTimers } from './testing/manual-timers';

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

  it('flush (a pointer released) publishes after the next paint, without waiting out the quiet period', () => {
    const s = source(1);
    const m = manualTimers();
    const lagged = createLagged(s, { quietMs: 150, maxWaitMs: 600 }, m.api);
    const seen: number[] = [];
    lagged.subscribe(() => seen.push(lagged.get()));
    s.set(2);
    m.advance(10);
    lagged.flush();
    expect(lagged.get()).toBe(1); // not inside the release: after the paint
    m.paint();
    expect(seen).toEqual([2]);
    // The quiet-period timer was cancelled: nothing more is published when it would have fired.
    m.advance(200);
    m.paint();
    expect(seen).toEqual([2]);
  });

  it('flush with nothing pending publishes nothing', () => {
    const s = source(1);
    const m = manualTimers();
    const lagged = createLagged(s, { quietMs: 150, maxWaitMs: 600 }, m.api);
    let notified = 0;
    lagged.subscribe(() => notified++);
    lagged.flush();
    m.paint();
    m.advance(200);
    m.paint();
    expect(notified).toBe(0);
  });
});
