/**
 * What the analysis worker does (src/workers/analysis-worker.ts), as plain handlers so a unit test
 * can serve them over a MessageChannel: the lagged sections of `analyzePlan(plan, data)` (curves,
 * kinds, cluster, DynamoDB day, optimizer, bottleneck, …), the export preview and its line diff,
 * and the balancing-method simulation. Every result is plain data (structured clone): the same
 * analysis as on the main thread, only computed elsewhere.
 */
import { analyzePlan } from '../engine/analysis/analyze-plan';
import type { AnalysisSections, SectionKey } from '../engine/analysis/section-keys';
import type { AnalysisData, PlanAnalysis } from '../engine/analysis/types';
import type { LbSimInput, LbSimResult } from '../engine/cluster/lb-sim';
import { tryBuildBundle, type BuiltBundle } from '../export/bundle';
import { changedLines } from '../export/line-diff';
import type { Plan } from '../plan/schema';
import { runAll } from './lb-run';
import type { CallContext, RpcHandlers } from './rpc';

/** A plan as sent to the worker: its id on the main thread (one per plan object) and the plan itself. */
export interface PlanRef {
  planId: number;
  plan: Plan;
  dataVersion: number;
}

export interface AnalysisWorkerApi {
  setData: { args: { version: number; data: AnalysisData }; result: null };
  analyze: { args: PlanRef & { sections: readonly SectionKey[] }; result: AnalysisSections };
  exportFiles: { args: PlanRef & { generatedAt: Date; planUrl?: string }; result: BuiltBundle };
  changedLines: { args: { prev: string; next: string }; result: number[] };
  lbSimulate: { args: { input: LbSimInput; seed: number }; result: LbSimResult[]; progress: number };
}

/** Analyses kept for reuse (the curves and settled clocks, the export preview and the comparison often share a plan). */
const CACHE_SIZE = 8;

export function createAnalysisHandlers(): RpcHandlers<AnalysisWorkerApi> {
  const dataByVersion = new Map<number, AnalysisData>();
  const cache = new Map<string, PlanAnalysis>();

  const analysisOf = ({ planId, plan, dataVersion }: PlanRef): PlanAnalysis => {
    const key = `${planId}:${dataVersion}`;
    let a = cache.get(key);
    if (!a) {
      const data = dataByVersion.get(dataVersion);
      if (!data) throw new Error(`analysis worker: data version ${dataVersion} was never sent`);
      a = analyzePlan(plan, data);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    } else cache.delete(key);
    cache.set(key, a);
    return a;
  };

  return {
    setData: ({ version, data }) => {
      // Kept: a few per session (catalog, then prices), and a saved plan's analysis may still name an older one.
      dataByVersion.set(version, data);
      return null;
    },
    analyze: async (ref, ctx) => computeSections(analysisOf(ref), ref.sections, ctx),
    exportFiles: async (ref, ctx) => {
      const a = analysisOf(ref);
      // The bundle reads most sections: compute them with checkpoints so a newer plan can stop this one.
      await computeSections(a, EXPORT_SECTIONS, ctx);
      await ctx.checkpoint();
      return tryBuildBundle(a, { generatedAt: ref.generatedAt, ...(ref.planUrl ? { planUrl: ref.planUrl } : {}) });
    },
    changedLines: ({ prev, next }) => [...changedLines(prev, next)],
    lbSimulate: ({ input, seed }, ctx) => runAll({ input, seed }, ctx.progress, ctx.checkpoint),
  };
}

const EXPORT_SECTIONS: readonly SectionKey[] = ['web', 'kinds', 'dynamodb', 'fleet', 'cluster', 'edge', 'deploy'];

/** Reads each section (computing it), yielding between sections so a cancel is seen. */
async function computeSections(a: PlanAnalysis, sections: readonly SectionKey[], ctx: CallContext): Promise<AnalysisSections> {
  const out: Record<string, unknown> = {};
  for (const key of sections) {
    await ctx.checkpoint();
    out[key] = a[key];
  }
  return out as AnalysisSections;
}
