import type { LaggedTimers } from '../lagged';

/** A manual clock: timers and "paints" run only when the test advances them. */
export function manualTimers() {
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
