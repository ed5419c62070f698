/**
 * The one way the UI reads derived numbers: `useAnalysis(clock, select)`. The clock says which
 * copy of the plan the component follows, so a panel cannot mix two:
 * - 'live': the plan as edited (the headline numbers repaint in the keypress's frame);
 * - 'curves': a lagged copy for the load curves (~40 ms behind a slider, see ./settled-plan.ts);
 * - 'settled': a lagged copy for the panels below (~150 ms behind);
 * - { plan }: a given plan (a saved plan in the comparison).
 * The analysis is cached per (plan object, data object): every component reading the same plan
 * shares one computation, and each section is computed on first read.
 */
import { useSyncExternalStore } from 'react';
import type { AnalysisData, PlanAnalysis } from '../engine/analysis/types';
import type { Plan } from '../plan/schema';
import { getAnalysisData, subscribeAnalysisData } from './analysis-data';
import { usePlanStore } from './plan-store';
import { curvesPlan, settledPlan } from './settled-plan';

export type PlanClock = 'live' | 'curves' | 'settled';

interface PlanSource {
  get: () => Plan;
  subscribe: (listener: () => void) => () => void;
}

const CLOCKS: Record<PlanClock, PlanSource> = {
  live: { get: () => usePlanStore.getState().plan, subscribe: (l) => usePlanStore.subscribe(l) },
  curves: curvesPlan,
  settled: settledPlan,
};

/**
 * The analysis code (fleet, cluster, DynamoDB, optimizer: ~25 KB gzip) is its own chunk, fetched
 * in parallel with the share-link decoding before the app's first commit (src/main.tsx) and before
 * the prerender (scripts/prerender.tsx). The first numbers are prerendered, so nothing waits for
 * it to paint; the entry chunk stays within its budget.
 */
type Analyzer = typeof import('../engine/analysis/analyze-plan');
let analyzer: Analyzer | null = null;

export async function loadAnalyzer(): Promise<void> {
  analyzer ??= await import('../engine/analysis/analyze-plan');
}

function analyze(plan: Plan, data: AnalysisData): PlanAnalysis {
  if (!analyzer) throw new Error('the analysis is read before loadAnalyzer() finished (src/main.tsx awaits it before rendering)');
  return analyzer.analyzePlan(plan, data);
}

const byPlan = new WeakMap<Plan, WeakMap<AnalysisData, PlanAnalysis>>();

/** The analysis of a plan with the loaded data (cached). For event handlers; components use the hook. */
export function analysisFor(plan: Plan, data: AnalysisData = getAnalysisData()): PlanAnalysis {
  let perData = byPlan.get(plan);
  if (!perData) byPlan.set(plan, (perData = new WeakMap()));
  let a = perData.get(data);
  if (!a) perData.set(data, (a = analyze(plan, data)));
  return a;
}

const noSubscribe = () => () => {};

export function useAnalysis<T>(clock: PlanClock | { plan: Plan }, select: (analysis: PlanAnalysis) => T): T {
  const source = typeof clock === 'string' ? CLOCKS[clock] : null;
  // Server rendering (the prerender, the golden test) has one plan and no lag: every clock is the live plan.
  const clockPlan = useSyncExternalStore(source ? source.subscribe : noSubscribe, source ? source.get : () => null, source ? CLOCKS.live.get : () => null);
  const plan = clockPlan ?? (clock as { plan: Plan }).plan;
  const data = useSyncExternalStore(subscribeAnalysisData, getAnalysisData, getAnalysisData);
  // Selecting is cheap (sections are cached in the analysis), so it runs on every render: a
  // selector may close over props (a table index) and must see their current values.
  return select(analysisFor(plan, data));
}
