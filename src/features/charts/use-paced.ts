/**
 * `usePaced(value)`: the value a chart draws, which follows `value` when the chart pacer gives it a
 * turn (./chart-pacer.ts): after the input has paused, one chart per frame. The first value shows at
 * once; the printout (PaintedContext) shows the newest at once. `planOf` names the plan a value is
 * for: a value for an older plan than the live one waits a little longer for the newer result.
 */
import { useContext, useEffect, useState } from 'react';
import { PaintedContext } from '../../components/after-first-paint';
import { browserTimers } from '../../state/lagged';
import type { Plan } from '../../plan/schema';
import { usePlanStore } from '../../state/plan-store';
import { createChartPacer, type ChartPacer } from './chart-pacer';

/**
 * 40 ms, the curves clock's own quiet period: the result for the final plan cannot arrive sooner, so a
 * keyboard burst's last redraw is not delayed (the results during a burst are for older plans than
 * the live one, and those wait up to 300 ms for a newer one). 300 ms while a pointer is held: a drag
 * at 4× throttling moves every ~100 ms and is still one drag, and a pause of a third of a second
 * mid-drag shows the curves of where the slider stopped.
 */
export const chartPacer: ChartPacer = createChartPacer({ quietMs: 40, heldQuietMs: 300, staleQuietMs: 300, turnTimeoutMs: 1000 }, browserTimers);

if (typeof window !== 'undefined') {
  usePlanStore.subscribe((s, prev) => {
    if (s.plan !== prev.plan) chartPacer.moved();
  });
  window.addEventListener('pointerdown', () => chartPacer.held(true), { capture: true });
  for (const type of ['pointerup', 'pointercancel'] as const) window.addEventListener(type, () => chartPacer.held(false), { capture: true });
}

export function usePaced<T>(value: T, planOf: (v: T) => Plan, pacer: ChartPacer = chartPacer): T {
  const printing = useContext(PaintedContext);
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    // The turn ends when this effect is cleaned up: after the commit that shows `value` (or when a
    // newer value replaces it, or the chart unmounts).
    // A plain update, not a transition: a transition's sliced render was restarted by every other
    // update that came in meanwhile (the settled panels' result), its commit painted the caption a
    // frame before Recharts' lines, and at 4× throttling a preset switch's final paint came later and
    // its largest long task was no smaller (README, "chart pacer"). One chart's render is one task.
    return pacer.request(
      () => setShown(value),
      () => planOf(value) !== usePlanStore.getState().plan,
    );
  }, [value, shown, planOf, pacer]);
  return printing ? value : shown;
}
