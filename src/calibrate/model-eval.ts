/**
 * The engine's own performance model, evaluated at measured load points for candidate workload
 * values. The model input is built exactly as the app builds it: buildContext (CPU ms divided by
 * the plan's per-core speed) and perfInput (cores capped by Python processes, slots, backlog), with
 * the pool taken from sizing the plan itself (its pinned or recommended workers, threads, children).
 */
import { buildContext } from '../engine/context';
import { perfInput, type AppPool } from '../engine/performance';
import { closedLoopPoint, openLoopPoint, type PerfInput } from '../engine/perf/model';
import { fpmDefaultBacklog } from '../engine/php-fpm';
import { sizePlan } from '../engine/size-plan';
import type { Plan, WorkerClass } from '../plan/schema';
import type { MeasuredPoint } from './types';

/** Values the fit moves. CPU ms are on the reference core (the plan's workload.cpuMs frame). */
export interface WorkloadGuess {
  cpuMsRef: number;
  ioMs: number;
  cpuCv: number;
  ioCv: number;
}

export const PERCENTILE_KEYS = ['p50Ms', 'p95Ms', 'p99Ms'] as const;
export type PercentileKey = (typeof PERCENTILE_KEYS)[number];

export interface ModelPrediction {
  throughputRps: number;
  meanMs: number;
  /** Only the percentiles the model gives for this kind of point. */
  percentiles: Partial<Record<PercentileKey, number>>;
  loop: 'closed' | 'open';
}

/**
 * The pool the plan sizes, as src/engine/size-plan.ts hands it to sizePerformance (that function
 * builds it inline and does not export it; calibrate.test.ts checks the two stay the same).
 */
export function sizedPool(plan: Plan): { pool: AppPool; workerClass: WorkerClass | 'phpfpm' } {
  const r = sizePlan(plan, { openPoints: 2, closedPoints: 2 });
  const somaxconn = plan.system.somaxconn;
  if (r.gunicorn) {
    return {
      pool: { slots: r.gunicorn.concurrencySlots.value, processes: r.gunicorn.workers.value, backlog: Math.min(r.gunicorn.backlog.value, somaxconn) },
      workerClass: r.gunicorn.workerClass.value,
    };
  }
  return {
    pool: { slots: r.phpfpm ? r.phpfpm.concurrencySlots.value : 1, processes: null, backlog: fpmDefaultBacklog(plan.phpfpm.version, somaxconn).effective },
    workerClass: 'phpfpm',
  };
}

/** The plan with a guess applied; every measured request is dynamic, so no static share or cache. */
export function planWithGuess(plan: Plan, g: WorkloadGuess): Plan {
  return {
    ...plan,
    workload: { ...plan.workload, cpuMs: g.cpuMsRef, ioWaitMs: g.ioMs, cpuCv: g.cpuCv, ioCv: g.ioCv, staticShare: 0 },
    cache: { ...plan.cache, microcacheEnabled: false },
  };
}

export function modelInput(plan: Plan, pool: AppPool, g: WorkloadGuess): PerfInput {
  return perfInput(buildContext(planWithGuess(plan, g)), pool);
}

/** Client think time of a closed-loop point: given, or from the response-time law N = X·(R + Z). */
export function thinkMsOf(p: MeasuredPoint): number {
  if (p.thinkMs !== undefined) return p.thinkMs;
  const n = p.concurrency ?? 0;
  return Math.max(0, (n / p.throughputRps) * 1000 - p.meanMs);
}

export const isClosed = (p: MeasuredPoint): boolean => p.offeredRps === undefined && p.concurrency !== undefined;

export function predict(input: PerfInput, p: MeasuredPoint): ModelPrediction {
  if (isClosed(p)) {
    const c = closedLoopPoint(input, p.concurrency as number, thinkMsOf(p));
    // Closed-loop points give whichever percentiles the engine computes for them (p95 today;
    // p50/p99 too once the model has closed-loop tails, issue 13) and are never mixed with the
    // open-loop approximation, which overstates a fixed population's tail.
    const percentiles: ModelPrediction['percentiles'] = {};
    const rec = c as unknown as Partial<Record<PercentileKey, number>>;
    for (const k of PERCENTILE_KEYS) if (typeof rec[k] === 'number') percentiles[k] = rec[k];
    return { throughputRps: c.throughputRps, meanMs: c.meanMs, percentiles, loop: 'closed' };
  }
  const o = openLoopPoint(input, p.offeredRps ?? p.throughputRps);
  return { throughputRps: o.throughputRps, meanMs: o.meanMs, percentiles: { p50Ms: o.p50Ms, p95Ms: o.p95Ms, p99Ms: o.p99Ms }, loop: 'open' };
}

/**
 * A measured percentile to compare with the model's. wrk prints p50/p75/p90/p99 but not p95, so p95
 * is interpolated between p90 and p99 assuming an exponential tail there (log(1 − q) linear in t):
 * p95 = p90 + (p99 − p90) · log(2)/log(10).
 */
export function measuredPercentile(p: MeasuredPoint, k: PercentileKey): { value: number; interpolated: boolean } | null {
  const v = p[k];
  if (v !== undefined) return { value: v, interpolated: false };
  if (k === 'p95Ms' && p.p90Ms !== undefined && p.p99Ms !== undefined) {
    return { value: p.p90Ms + (p.p99Ms - p.p90Ms) * (Math.LN2 / Math.LN10), interpolated: true };
  }
  return null;
}
