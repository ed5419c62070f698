/**
 * The analysis of a lagged clock ('curves', 'settled') or of a given plan, computed in the analysis
 * worker: a small external store per clock that asks the worker whenever the clock's plan or the
 * data changes, and publishes a result only if it is still for the newest plan and data. The
 * previous result stays on screen meanwhile (its numbers and its plan together), so a panel never
 * mixes two plans and never shows a stale result for a newer plan. The RPC channel supersedes an
 * older request (the worker stops it at its next section), see src/workers/rpc.ts.
 */
import { SECTION_KEYS, type AnalysisSections, type SectionKey } from '../engine/analysis/section-keys';
import type { AnalysisData, PlanAnalysis } from '../engine/analysis/types';
import type { Plan } from '../plan/schema';
import { isSuperseded } from '../workers/rpc';
import { keepEqual } from './keep-equal';

/** `has`: the sections this result carries (the clock's own and those its readers asked for). */
export type RemoteState = { status: 'pending' } | { status: 'ready'; analysis: PlanAnalysis; has: ReadonlySet<SectionKey> } | { status: 'error'; error: Error };

export interface RemoteStore {
  get: () => RemoteState;
  subscribe: (listener: () => void) => () => void;
  /** The plan the store follows now (its newest request's). */
  plan: () => Plan;
  /**
   * A reader names the sections it reads: while it holds them (until the returned release), every
   * request computes them besides the clock's own; a section nobody shown reads is neither
   * computed nor cloned (the Fleet tab's optimizer while the Server tab is open). A section new to
   * the store is asked for at once, for the current plan.
   */
  want: (keys: readonly SectionKey[]) => () => void;
}

/** How a store asks for sections: the worker client in the browser, a fake in tests. */
export type AnalyzeRemote = (plan: Plan, data: AnalysisData, sections: readonly SectionKey[], channel: string | undefined) => Promise<AnalysisSections>;

interface Src<T> {
  get: () => T;
  subscribe?: (listener: () => void) => () => void;
}

export interface RemoteOptions {
  /** Names the store in errors and is the RPC channel (undefined: requests never supersede each other). */
  name: string;
  channel?: string;
  /** The sections every request computes; readers add theirs with `want`. */
  sections: readonly SectionKey[];
  plan: Src<Plan>;
  data: Src<AnalysisData>;
  analyze: AnalyzeRemote;
}

const PENDING: RemoteState = { status: 'pending' };

/** The plain sections as a PlanAnalysis: sections this clock does not compute throw when read, naming themselves. */
export function assembleAnalysis(name: string, plan: Plan, data: AnalysisData, sections: AnalysisSections): PlanAnalysis {
  const out = { plan, data, ...sections } as PlanAnalysis;
  for (const key of SECTION_KEYS) {
    if (key in sections) continue;
    Object.defineProperty(out, key, {
      enumerable: false,
      get() {
        throw new Error(`the ${name} analysis has no "${key}" section: add it to that clock's sections (src/state/use-analysis.ts)`);
      },
    });
  }
  return out;
}

export function createRemoteAnalysis({ name, channel, sections, plan, data, analyze }: RemoteOptions): RemoteStore {
  let state: RemoteState = PENDING;
  let asked: { plan: Plan; data: AnalysisData; keys: string } | null = null;
  /** The sections last published: a new result keeps their objects wherever it equals them (./keep-equal.ts). */
  let shown: AnalysisSections = {};
  const listeners = new Set<() => void>();
  const own = new Set(sections);
  /** Sections readers hold, with how many readers hold each. */
  const wanted = new Map<SectionKey, number>();

  const publish = (next: RemoteState) => {
    state = next;
    for (const l of [...listeners]) l();
  };

  const ask = () => {
    const p = plan.get();
    const d = data.get();
    const list = SECTION_KEYS.filter((k) => own.has(k) || wanted.has(k));
    const keys = list.join(',');
    if (asked && asked.plan === p && asked.data === d && asked.keys === keys) return;
    const mine = (asked = { plan: p, data: d, keys });
    // Only the newest request may publish: a late answer for an older plan is dropped here even
    // if the channel did not already drop it.
    analyze(p, d, list, channel).then(
      (result) => {
        if (asked !== mine) return;
        shown = keepEqual(shown, result);
        publish({ status: 'ready', analysis: assembleAnalysis(name, p, d, shown), has: new Set(Object.keys(shown) as SectionKey[]) });
      },
      (e: unknown) => {
        if (asked === mine && !isSuperseded(e)) publish({ status: 'error', error: e instanceof Error ? e : new Error(String(e)) });
      },
    );
  };

  plan.subscribe?.(ask);
  data.subscribe?.(ask);

  return {
    get: () => {
      ask();
      return state;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    plan: plan.get,
    want: (keys) => {
      let added = false;
      for (const k of keys) {
        if (!own.has(k) && !wanted.has(k)) added = true;
        wanted.set(k, (wanted.get(k) ?? 0) + 1);
      }
      if (added) ask();
      return () => {
        for (const k of keys) {
          const n = (wanted.get(k) ?? 1) - 1;
          if (n > 0) wanted.set(k, n);
          else wanted.delete(k);
        }
      };
    },
  };
}
