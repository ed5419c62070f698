/**
 * Lagged copies of the plan for everything that is too heavy for a slider's frame (see
 * ./lagged.ts for why this is not useDeferredValue):
 * - the load curves follow within ~150 ms even during a continuous drag, so they still move live;
 * - the panels below the headline numbers (fleet, cluster, catalog optimizer, DynamoDB, export,
 *   comparison) catch up when the slider pauses (150 ms), and at least every 600 ms while it moves.
 * Components reading these do not re-render in the slider's frame at all. When the pointer is
 * released (a drag ends), both catch up after the next paint instead of waiting out their quiet
 * period: no more moves can come, and at 4× CPU throttling the 150 ms wait was half of a drag's
 * last input → final paint.
 */
import type { Plan } from '../plan/schema';
import { createLagged, type Lagged } from './lagged';
import { usePlanStore } from './plan-store';

const source = { get: () => usePlanStore.getState().plan, subscribe: (l: () => void) => usePlanStore.subscribe(l) };

/** The plan the load curves are drawn for (read through useAnalysis('curves', …)). */
export const curvesPlan: Lagged<Plan> = createLagged(source, { quietMs: 40, maxWaitMs: 150 });
/** The plan the panels below the headline numbers show (useAnalysis('settled', …)). */
export const settledPlan: Lagged<Plan> = createLagged(source, { quietMs: 150, maxWaitMs: 600 });

if (typeof window !== 'undefined') {
  for (const type of ['pointerup', 'pointercancel'] as const) {
    window.addEventListener(
      type,
      () => {
        curvesPlan.flush();
        settledPlan.flush();
      },
      { capture: true },
    );
  }
}
