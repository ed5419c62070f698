/**
 * Lagged copies of the plan for everything that is too heavy for a slider's frame (see
 * ./lagged.ts for why this is not useDeferredValue):
 * - the load curves follow within ~150 ms even during a continuous drag, so they still move live;
 * - the panels below the headline numbers (fleet, cluster, catalog optimizer, DynamoDB, export,
 *   comparison) catch up when the slider pauses (150 ms), and at least every 600 ms while it moves.
 * Components reading these do not re-render in the slider's frame at all.
 */
import type { Plan } from '../plan/schema';
import { createLagged, type Lagged } from './lagged';
import { usePlanStore } from './plan-store';

const source = { get: () => usePlanStore.getState().plan, subscribe: (l: () => void) => usePlanStore.subscribe(l) };

/** The plan the load curves are drawn for (read through useAnalysis('curves', …)). */
export const curvesPlan: Lagged<Plan> = createLagged(source, { quietMs: 40, maxWaitMs: 150 });
/** The plan the panels below the headline numbers show (useAnalysis('settled', …)). */
export const settledPlan: Lagged<Plan> = createLagged(source, { quietMs: 150, maxWaitMs: 600 });
