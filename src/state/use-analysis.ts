/**
 * The one way the UI reads derived numbers: `useAnalysis(clock, select)`. The clock says which
 * copy of the plan the component follows, so a panel cannot mix two:
 * - 'live': the plan as edited (the headline numbers repaint in the keypress's frame);
 * - 'curves': a lagged copy for the load curves (~40 ms behind a slider, see ./settled-plan.ts);
 * - 'settled': a lagged copy for the panels below (~150 ms behind);
 * - { plan }: a given plan (a saved plan in the comparison).
 * 'live' is computed here, on the main thread (cached per plan and data object; each section on
 * first read). In a browser the other clocks are computed by the analysis worker: the same
 * `analyzePlan`, sent back as plain data (./remote-analysis.ts). The worker starts with
 * loadAnalyzer(), before the app's first commit; a reader that renders before its clock's first
 * result (the monthly-cost tile in the first commit) reads the main-thread analysis of the same
 * plan once, so the first commit shows what the prerendered page showed instead of a placeholder.
 * Outside a browser (the prerender, jsdom tests) every clock is computed here, synchronously.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { SECTION_KEYS, type SectionKey } from '../engine/analysis/section-keys';
import type { AnalysisData, PlanAnalysis } from '../engine/analysis/types';
import type { Plan } from '../plan/schema';
import { getAnalysisData, subscribeAnalysisData } from './analysis-data';
import { analysisWorker, hasAnalysisWorker } from './analysis-worker-client';
import { usePlanStore } from './plan-store';
import { createRemoteAnalysis, type AnalyzeRemote, type RemoteState, type RemoteStore } from './remote-analysis';
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

async function loadAnalyzerModule(): Promise<void> {
  analyzer ??= await import('../engine/analysis/analyze-plan');
}

export async function loadAnalyzer(): Promise<void> {
  // The worker loads its own copy of the analysis meanwhile, and starts on the first plan.
  remoteStoreFor('curves')?.get();
  remoteStoreFor('settled')?.get();
  await loadAnalyzerModule();
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

/**
 * What the worker computes per clock, besides the sections its mounted readers read (see
 * `readSections`): the curves clock the rates, the web tier (with its curves) and the SLO; the
 * settled clock what the summary band and the overview always show. The rest (the optimizer, the
 * DynamoDB day, the cluster, the export's deploy files) only while a section that reads it is open.
 */
const REMOTE_SECTIONS: Record<Exclude<PlanClock, 'live'>, readonly SectionKey[]> = {
  curves: ['rates', 'web', 'slo'],
  settled: ['fleet', 'bottleneck', 'topology'],
};

/**
 * The catalog section is the loaded catalog with each entry's monthly price: taken from the
 * main-thread analysis (40 multiplications) rather than cloned, so the catalog table's memoised
 * rows keep their entry objects from one result to the next.
 */
const analyzeInWorker: AnalyzeRemote = async (plan, data, sections, channel) => {
  const worker = analysisWorker();
  if (!worker) throw new Error('no analysis worker here');
  const wanted = sections.filter((k) => k !== 'catalog');
  const result = await worker.call('analyze', { ...worker.ref(plan, data), sections: wanted }, channel === undefined ? {} : { channel });
  if (!sections.includes('catalog')) return result;
  await loadAnalyzerModule();
  return { ...result, catalog: analysisFor(plan, data).catalog };
};

const dataSource = { get: getAnalysisData, subscribe: subscribeAnalysisData };
const clockStores = new Map<PlanClock, RemoteStore>();
const planStores = new WeakMap<Plan, RemoteStore>();

/** The worker-backed store of a clock; null for 'live' and where there is no worker. */
function remoteStoreFor(clock: PlanClock | { plan: Plan }): RemoteStore | null {
  if (clock === 'live' || !hasAnalysisWorker()) return null;
  if (typeof clock !== 'string') {
    let store = planStores.get(clock.plan);
    if (!store) {
      const plan = clock.plan;
      // No channel: the two plans of a comparison do not supersede each other.
      store = createRemoteAnalysis({ name: 'saved plan', sections: SECTION_KEYS, plan: { get: () => plan }, data: { get: getAnalysisData }, analyze: analyzeInWorker });
      planStores.set(plan, store);
    }
    return store;
  }
  let store = clockStores.get(clock);
  if (!store) {
    store = createRemoteAnalysis({ name: `'${clock}'`, channel: clock, sections: REMOTE_SECTIONS[clock], plan: CLOCKS[clock], data: dataSource, analyze: analyzeInWorker });
    clockStores.set(clock, store);
  }
  return store;
}

const noRemote = (): RemoteState | null => null;
const noSections: readonly SectionKey[] = [];

/**
 * Runs a selector of a worker-backed clock and records which sections it read. Each section comes
 * from the worker's result when it has it; one it does not have yet (a section just opened, or the
 * clock's first result still on its way) from the main-thread analysis of the same plan, so a
 * reader never waits and never mixes two plans. A selector returning the whole analysis reads
 * every section.
 */
function readSections<T>(select: (analysis: PlanAnalysis) => T, remote: PlanAnalysis | null, has: ReadonlySet<SectionKey>, local: () => PlanAnalysis): { value: T; keys: readonly SectionKey[] } {
  const keys: SectionKey[] = [];
  let fallback: PlanAnalysis | null = null;
  const from = (k: SectionKey) => (remote && has.has(k) ? remote : (fallback ??= local()));
  const base = remote ?? local();
  const view = { plan: base.plan, data: base.data } as PlanAnalysis;
  for (const k of SECTION_KEYS) {
    Object.defineProperty(view, k, {
      enumerable: true,
      get() {
        if (!keys.includes(k)) keys.push(k);
        return from(k)[k];
      },
    });
  }
  const value = select(view);
  return value === (view as unknown) ? { value: value as T, keys: SECTION_KEYS } : { value, keys };
}

export function useAnalysis<T>(clock: PlanClock | { plan: Plan }, select: (analysis: PlanAnalysis) => T): T {
  const remote = remoteStoreFor(clock);
  // A worker-backed clock follows its plan itself: the component re-renders only when a result arrives.
  const source = typeof clock === 'string' && !remote ? CLOCKS[clock] : null;
  // Server rendering (the prerender, the golden test) has one plan and no lag: every clock is the live plan.
  const clockPlan = useSyncExternalStore(source ? source.subscribe : noSubscribe, source ? source.get : () => null, typeof clock === 'string' ? CLOCKS.live.get : () => null);
  const data = useSyncExternalStore(subscribeAnalysisData, getAnalysisData, getAnalysisData);
  // The server snapshot is null: the prerender computes here like the tests do.
  const state = useSyncExternalStore(remote ? remote.subscribe : noSubscribe, remote ? remote.get : noRemote, noRemote);
  if (state?.status === 'error') throw state.error;
  // Selecting is cheap (sections are cached or plain data), so it runs on every render: a
  // selector may close over props (a table index) and must see their current values.
  const read = remote
    ? state?.status === 'ready'
      ? readSections(select, state.analysis, state.has, () => analysisFor(state.analysis.plan, data))
      : // Before the clock's first result: the same analysis, here.
        readSections(select, null, new Set(), () => analysisFor(remote.plan(), data))
    : // No worker (server, tests): every clock is computed here.
      { value: select(analysisFor(clockPlan ?? (clock as { plan: Plan }).plan, data)), keys: noSections };
  // While mounted, this reader's sections come with every result of its clock.
  const keysId = read.keys.join(',');
  useEffect(() => (remote && keysId ? remote.want(keysId.split(',') as SectionKey[]) : undefined), [remote, keysId]);
  return read.value;
}
