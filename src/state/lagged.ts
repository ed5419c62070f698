/**
 * A copy of a value that follows it a beat behind: it catches up `quietMs` after the last change
 * (trailing debounce), or after `maxWaitMs` of continuous change (so a long drag still updates
 * it), or at once when `flush` says the moving input was let go (a pointer released, settled-plan.ts;
 * a second finger lifting mid-drag or a touch scroll's pointercancel also flush, which publishes early
 * like the max-wait path); always after the browser has painted the frame that showed the change.
 *
 * Why: a slider move must repaint the headline numbers within one frame (≤ 16 ms). The load curves,
 * the DynamoDB day simulation, the optimizer and the config printers cost far more than that. With
 * useDeferredValue they re-render in a transition right behind every move, and the Recharts
 * commit's passive effects (which dispatch to its internal store and re-render synchronously) are
 * flushed at the start of the *next* input, inside its frame. Following a lagged copy instead, the
 * heavy panels do not re-render at all in the slider's frame, and when they do catch up, it is one
 * synchronous update in its own task (useSyncExternalStore updates are synchronous, so their
 * effects are flushed in the same task and never leak into the next input).
 *
 * Not derived data: the lagged copy is the plan itself (the same object), only later.
 */
export interface LaggedTimers {
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  /** Runs `fn` after the next paint (requestAnimationFrame, then a task); returns a cancel function. */
  afterPaint: (fn: () => void) => () => void;
}

export interface LaggedOptions {
  quietMs: number;
  maxWaitMs: number;
}

export interface Lagged<T> {
  get: () => T;
  subscribe: (listener: () => void) => () => void;
  /**
   * The input that was moving is let go (a pointer released): a pending catch-up need not wait
   * out its quiet period, it publishes after the next paint. No-op when nothing is pending.
   */
  flush: () => void;
}

export interface Source<T> {
  get: () => T;
  subscribe: (listener: () => void) => () => void;
}

/** Browser timers; outside a browser (tests, prerender) "after paint" is simply the next task. */
export const browserTimers: LaggedTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  afterPaint: (fn) => {
    if (typeof requestAnimationFrame !== 'function') {
      const t = setTimeout(fn, 0);
      return () => clearTimeout(t);
    }
    let t: ReturnType<typeof setTimeout> | undefined;
    const raf = requestAnimationFrame(() => {
      t = setTimeout(fn, 0);
    });
    return () => {
      cancelAnimationFrame(raf);
      if (t !== undefined) clearTimeout(t);
    };
  },
};

export function createLagged<T>(source: Source<T>, { quietMs, maxWaitMs }: LaggedOptions, timers: LaggedTimers = browserTimers): Lagged<T> {
  let value = source.get();
  const listeners = new Set<() => void>();
  let timer: unknown;
  let cancelPaint: (() => void) | null = null;
  let firstChangeAt: number | null = null;

  const publish = () => {
    cancelPaint = null;
    firstChangeAt = null;
    const next = source.get();
    if (Object.is(next, value)) return;
    value = next;
    for (const l of [...listeners]) l();
  };

  source.subscribe(() => {
    if (Object.is(source.get(), value) && firstChangeAt === null) return;
    const now = timers.now();
    firstChangeAt ??= now;
    if (timer !== undefined) timers.clearTimeout(timer);
    // Already waiting for the paint that ends a max-wait period: let it publish the newest value.
    if (cancelPaint) return;
    const waitMs = Math.max(0, Math.min(quietMs, firstChangeAt + maxWaitMs - now));
    timer = timers.setTimeout(() => {
      timer = undefined;
      cancelPaint = timers.afterPaint(publish);
    }, waitMs);
  });

  const flush = () => {
    if (timer === undefined) return;
    timers.clearTimeout(timer);
    timer = undefined;
    cancelPaint = timers.afterPaint(publish);
  };

  return {
    flush,
    // Nobody shows the lagged copy yet (e.g. a share link replaced the plan before the first
    // render): there is no frame to protect, so start from the current value rather than a stale one.
    get: () => {
      if (listeners.size === 0) value = source.get();
      return value;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
