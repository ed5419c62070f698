/**
 * The worker-backed clock store (./remote-analysis.ts): it publishes a result only for the newest
 * plan and data, keeps the previous result (with its own plan) until then, and a section the clock
 * does not compute throws instead of reading as undefined.
 */
import { describe, expect, it } from 'vitest';
import type { AnalysisSections, SectionKey } from '../engine/analysis/section-keys';
import type { AnalysisData } from '../engine/analysis/types';
import { defaultPlan, type Plan } from '../plan/schema';
import { Superseded } from '../workers/rpc';
import { assembleAnalysis, createRemoteAnalysis, type AnalyzeRemote } from './remote-analysis';

/** A plan source the test moves by hand, like the lagged clocks. */
function planSource(first: Plan) {
  let plan = first;
  const listeners = new Set<() => void>();
  return {
    get: () => plan,
    subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    set: (p: Plan) => {
      plan = p;
      listeners.forEach((l) => l());
    },
  };
}

/** An analyze function whose answers the test releases one by one, in any order. */
function deferredAnalyze() {
  const calls: { plan: Plan; sections: readonly SectionKey[]; resolve: (s: AnalysisSections) => void; reject: (e: unknown) => void }[] = [];
  const analyze: AnalyzeRemote = (plan, _data, sections) => new Promise((resolve, reject) => calls.push({ plan, sections, resolve, reject }));
  return { analyze, calls };
}

const withServers = (n: number): Plan => {
  const p = defaultPlan();
  return { ...p, fleet: { ...p.fleet, servers: n } };
};
const sectionsFor = (plan: Plan) => ({ rates: { targetRps: plan.fleet.servers * 100, dynamicRps: 0 } }) as AnalysisSections;
const flush = () => new Promise((r) => setTimeout(r, 0));
const data: AnalysisData = {};

describe('createRemoteAnalysis', () => {
  it('never publishes a stale result for a newer plan, and keeps the previous result meanwhile', async () => {
    const src = planSource(withServers(1));
    const { analyze, calls } = deferredAnalyze();
    const store = createRemoteAnalysis({ name: "'settled'", channel: 'settled', sections: ['rates'], plan: src, data: { get: () => data }, analyze });
    let notified = 0;
    store.subscribe(() => notified++);
    expect(store.get().status).toBe('pending');
    calls[0]?.resolve(sectionsFor(calls[0].plan));
    await flush();
    const first = store.get();
    expect(first.status === 'ready' && first.analysis.rates.targetRps).toBe(100);

    // Two quick changes: plan 2 is replaced by plan 3 before its answer arrives.
    src.set(withServers(2));
    src.set(withServers(3));
    expect(calls.map((c) => c.plan.fleet.servers)).toEqual([1, 2, 3]);
    // Plan 2's answer comes late (the channel did not stop it in time): dropped.
    calls[1]?.resolve(sectionsFor(calls[1].plan));
    await flush();
    expect(store.get()).toBe(first);
    expect(notified).toBe(1);
    // Plan 3's answer is published, with plan 3 itself.
    calls[2]?.resolve(sectionsFor(calls[2].plan));
    await flush();
    const last = store.get();
    expect(last.status).toBe('ready');
    if (last.status !== 'ready') return;
    expect(last.analysis.plan).toBe(src.get());
    expect(last.analysis.rates.targetRps).toBe(300);
    expect(notified).toBe(2);
  });

  it('ignores a superseded rejection, but an error for the newest plan is kept for the boundary', async () => {
    const src = planSource(withServers(1));
    const { analyze, calls } = deferredAnalyze();
    const store = createRemoteAnalysis({ name: "'settled'", channel: 'settled', sections: ['rates'], plan: src, data: { get: () => data }, analyze });
    store.get();
    src.set(withServers(2));
    calls[0]?.reject(new Superseded());
    await flush();
    expect(store.get().status).toBe('pending');
    calls[1]?.reject(new Error('engine bug'));
    await flush();
    const s = store.get();
    expect(s.status === 'error' && s.error.message).toBe('engine bug');
  });

  it("keeps the previous result's objects where the new one equals them (the charts skip an unchanged curve)", async () => {
    const src = planSource(withServers(1));
    const { analyze, calls } = deferredAnalyze();
    const store = createRemoteAnalysis({ name: "'curves'", channel: 'curves', sections: ['rates', 'slo'], plan: src, data: { get: () => data }, analyze });
    store.get();
    const slo = (ms: number) => ({ percentile: 'p95', sloMs: 250, atPlannedMs: ms, meets: true, offeredOverCapacity: 0.5 });
    calls[0]?.resolve({ rates: { targetRps: 100, dynamicRps: 100, appShare: 1 }, slo: slo(80) } as unknown as AnalysisSections);
    await flush();
    const first = store.get();
    src.set(withServers(2));
    // A fresh copy (as from the worker): the rates are equal, the SLO section is not.
    calls[1]?.resolve({ rates: { targetRps: 100, dynamicRps: 100, appShare: 1 }, slo: slo(90) } as unknown as AnalysisSections);
    await flush();
    const second = store.get();
    if (first.status !== 'ready' || second.status !== 'ready') throw new Error('not ready');
    expect(second.analysis.plan).toBe(src.get());
    expect(second.analysis.rates).toBe(first.analysis.rates);
    expect(second.analysis.slo).not.toBe(first.analysis.slo);
    expect(second.analysis.slo.atPlannedMs).toBe(90);
  });

  it('computes the sections its readers hold besides its own, asks at once for a new one, and drops it once released', async () => {
    const src = planSource(withServers(1));
    const { analyze, calls } = deferredAnalyze();
    const store = createRemoteAnalysis({ name: "'settled'", channel: 'settled', sections: ['rates'], plan: src, data: { get: () => data }, analyze });
    store.get();
    expect(calls.map((c) => c.sections)).toEqual([['rates']]);
    // Two readers of the fleet (a tab opened): one new request, for the same plan.
    const releaseA = store.want(['fleet', 'rates']);
    const releaseB = store.want(['fleet']);
    expect(calls.map((c) => c.sections)).toEqual([['rates'], ['rates', 'fleet']]);
    expect(calls[1]?.plan).toBe(calls[0]?.plan);
    calls[1]?.resolve({ ...sectionsFor(calls[1].plan), fleet: { servers: 1 } } as unknown as AnalysisSections);
    await flush();
    const s = store.get();
    expect(s.status === 'ready' && [...s.has].sort()).toEqual(['fleet', 'rates']);
    // One reader left: still computed.
    releaseA();
    src.set(withServers(2));
    expect(calls[2]?.sections).toEqual(['rates', 'fleet']);
    // None left (the tab closed): the next plan's request leaves it out.
    releaseB();
    src.set(withServers(3));
    expect(calls[3]?.sections).toEqual(['rates']);
    // Wanting what the clock computes anyway asks nothing new.
    store.want(['rates']);
    expect(calls).toHaveLength(4);
  });

  it('asks again when the data changes (a catalog loaded), for the same plan', async () => {
    const src = planSource(withServers(1));
    let d: AnalysisData = {};
    const dataListeners = new Set<() => void>();
    const { analyze, calls } = deferredAnalyze();
    createRemoteAnalysis({ name: "'settled'", sections: ['rates'], plan: src, data: { get: () => d, subscribe: (l) => (dataListeners.add(l), () => dataListeners.delete(l)) }, analyze }).get();
    d = { catalog: null };
    dataListeners.forEach((l) => l());
    expect(calls).toHaveLength(2);
    expect(calls[1]?.plan).toBe(calls[0]?.plan);
  });
});

describe('assembleAnalysis', () => {
  it('gives the sections it has and names a missing one when it is read', () => {
    const plan = withServers(2);
    const a = assembleAnalysis("'curves'", plan, data, sectionsFor(plan));
    expect(a.plan).toBe(plan);
    expect(a.rates.targetRps).toBe(200);
    expect(() => a.optimizer).toThrow(/'curves' analysis has no "optimizer" section/);
  });
});
