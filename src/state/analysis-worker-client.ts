/**
 * The main thread's end of the analysis worker (src/workers/analysis-worker.ts): one worker for the
 * page, started on first use. Each plan object gets an id and each data object a version, so the
 * worker can reuse an analysis and the data crosses once. `null` outside a browser (the prerender,
 * jsdom tests): callers then compute on the main thread, synchronously.
 */
import type { AnalysisData, PlanAnalysis } from '../engine/analysis/types';
import type { LbSimResult } from '../engine/cluster/lb-sim';
import type { BuiltBundle } from '../export/bundle';
import type { Plan } from '../plan/schema';
import type { AnalysisWorkerApi, PlanRef } from '../workers/analysis-api';
import type { LbRunRequest } from '../workers/lb-run';
import { createRpcClient, type Port, type RpcClient } from '../workers/rpc';

export type AnalysisWorkerClient = RpcClient<AnalysisWorkerApi> & { ref: (plan: Plan, data: AnalysisData) => PlanRef };

let client: AnalysisWorkerClient | null = null;

export const hasAnalysisWorker = (): boolean => typeof window !== 'undefined' && typeof Worker !== 'undefined';

function start(): AnalysisWorkerClient {
  const worker = new Worker(new URL('../workers/analysis-worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
  const rpc = createRpcClient<AnalysisWorkerApi>(worker as unknown as Port);
  // A worker that fails to load would leave every panel waiting: say so instead (the output boundaries show it).
  worker.onerror = (e) => rpc.fail(new Error(`the analysis worker failed: ${e.message || 'it could not be loaded'}`));
  const planIds = new WeakMap<Plan, number>();
  const dataVersions = new WeakMap<AnalysisData, number>();
  let nextPlanId = 1;
  let nextDataVersion = 1;
  const ref = (plan: Plan, data: AnalysisData): PlanRef => {
    let planId = planIds.get(plan);
    if (planId === undefined) planIds.set(plan, (planId = nextPlanId++));
    let dataVersion = dataVersions.get(data);
    if (dataVersion === undefined) {
      dataVersions.set(data, (dataVersion = nextDataVersion++));
      // Messages arrive in order: the worker has this data before any request that names it.
      void rpc.call('setData', { version: dataVersion, data });
    }
    return { planId, plan, dataVersion };
  };
  return { ...rpc, ref };
}

export function analysisWorker(): AnalysisWorkerClient | null {
  if (!hasAnalysisWorker()) return null;
  return (client ??= start());
}

/** The cluster panel's method comparison, in the worker (a newer run supersedes an older one). */
export async function simulateMethods(req: LbRunRequest, onProgress: (done: number) => void): Promise<LbSimResult[]> {
  const worker = analysisWorker();
  if (!worker) return (await import('../workers/lb-run')).runAll(req, onProgress);
  return worker.call('lbSimulate', req, { channel: METHODS_CHANNEL, onProgress });
}

/** Stop the comparison still running (the panel went away). */
export function cancelMethodComparison(): void {
  analysisWorker()?.cancel(METHODS_CHANNEL);
}

const METHODS_CHANNEL = 'lb-methods';

/** The export preview's files for an analysis (the worker reuses its own analysis of the plan), or null without a worker. */
export function exportFilesInWorker(): ((analysis: PlanAnalysis, generatedAt: Date, planUrl: string | undefined) => Promise<BuiltBundle>) | null {
  const worker = analysisWorker();
  if (!worker) return null;
  return (analysis, generatedAt, planUrl) =>
    worker.call('exportFiles', { ...worker.ref(analysis.plan, analysis.data), generatedAt, ...(planUrl ? { planUrl } : {}) }, { channel: 'export-files' });
}

/** The preview's changed lines (an LCS over a few hundred lines), or null without a worker. */
export function changedLinesInWorker(): ((prev: string, next: string) => Promise<number[]>) | null {
  const worker = analysisWorker();
  if (!worker) return null;
  return (prev, next) => worker.call('changedLines', { prev, next }, { channel: 'export-diff' });
}
