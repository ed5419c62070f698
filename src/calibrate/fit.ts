/**
 * Fits per-request CPU ms (reference core), I/O ms and the CVs of the plan's worker class and
 * hardware to measured load points, by least squares on the relative errors of the engine's own
 * model (./model-eval.ts) against throughput, mean and the percentiles both sides have
 * (Levenberg–Marquardt, ml-levenberg-marquardt). Stage 1 fits CPU and I/O on throughput and mean
 * (the product-form model makes them insensitive to the CVs); stage 2 adds the CVs and the tails.
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import type { AppPool } from '../engine/performance';
import type { Plan, WorkerClass } from '../plan/schema';
import { measuredPercentile, modelInput, PERCENTILE_KEYS, predict, sizedPool, type PercentileKey, type WorkloadGuess } from './model-eval';
import { frameworkOverhead, type Overhead } from './overhead';
import { assessConfidence, findContradictions, groupSweeps, type Contradiction } from './sweep-checks';
import type { MeasuredPoint } from './types';
import { fitUsl, type UslFit } from './usl';

export interface PointError {
  source: MeasuredPoint['source'];
  concurrency?: number;
  offeredRps?: number;
  loop: 'closed' | 'open';
  measured: { throughputRps: number; meanMs: number } & Partial<Record<PercentileKey, number>>;
  predicted: { throughputRps: number; meanMs: number } & Partial<Record<PercentileKey, number>>;
  /** (predicted − measured) / measured. */
  relError: { throughputRps: number; meanMs: number } & Partial<Record<PercentileKey, number>>;
  /** Measured percentiles that were interpolated (wrk has no p95: between p90 and p99). */
  interpolated: PercentileKey[];
}

export interface CalibrationFit {
  app: Plan['app'];
  workerClass: WorkerClass | 'phpfpm';
  pool: AppPool;
  /** Total CPU per request on the reference core, framework included: what workload.cpuMs means. */
  cpuMsRef: number;
  /** cpuMsRef minus the measured framework overhead: the app's own CPU. */
  appCpuMsRef: number;
  frameworkOverhead: Overhead;
  ioMs: number;
  cpuCv: number;
  ioCv: number;
  points: PointError[];
  /** Root mean square of the relative errors. */
  rms: { throughput: number; mean: number; tail: number | null };
  usl: UslFit[];
  contradictions: Contradiction[];
  confidence: 'high' | 'medium' | 'low';
  notes: string[];
}

const BOUNDS = { min: [0.05, 0, 0, 0], max: [60_000, 600_000, 4, 4] };

/** Relative errors of throughput and mean (`means`) and of the percentiles both sides have (`tails`). */
function residuals(plan: Plan, pool: AppPool, pts: readonly MeasuredPoint[], g: WorkloadGuess): { means: number[]; tails: number[] } {
  const input = modelInput(plan, pool, g);
  const means: number[] = [];
  const tails: number[] = [];
  for (const p of pts) {
    const m = predict(input, p);
    means.push(m.throughputRps / p.throughputRps - 1, m.meanMs / p.meanMs - 1);
    for (const k of PERCENTILE_KEYS) {
      const meas = measuredPercentile(p, k);
      const model = m.percentiles[k];
      if (meas && model !== undefined && meas.value > 0) tails.push(model / meas.value - 1);
    }
  }
  return { means, tails };
}

const sumSq = (xs: readonly number[]) => xs.reduce((a, x) => a + x * x, 0);

/** One LM run: `evaluate` maps a parameter vector to its residuals (target 0); returns the fitted vector. */
function runLm(count: number, evaluate: (params: number[]) => number[], start: number[], min: number[], max: number[]): number[] {
  let cacheKey = '';
  let cache: number[] = [];
  const at = (params: number[]) => {
    const key = params.join(',');
    if (key !== cacheKey) {
      cacheKey = key;
      cache = evaluate(params);
    }
    return cache;
  };
  // The library wants more than 2 data points; extra zero residuals change nothing.
  const n = Math.max(3, count);
  const x = Array.from({ length: n }, (_, i) => i);
  const y = new Array<number>(n).fill(0);
  const step = start.map((v) => Math.max(0.01, Math.abs(v) * 0.02));
  const fn = (params: number[]) => (i: number) => {
    const v = at(params)[i] ?? 0;
    return Number.isFinite(v) ? v : 1e6;
  };
  try {
    return levenbergMarquardt({ x, y }, fn, {
      initialValues: start,
      minValues: min,
      maxValues: max,
      gradientDifference: step,
      centralDifference: true,
      maxIterations: 60,
      errorTolerance: 1e-9,
      damping: 0.5,
    }).parameterValues;
  } catch {
    // The library refuses degenerate data (e.g. a singular step); the start then stands and the
    // residuals and the confidence note say how good it is. Bad input must never throw.
    return start;
  }
}

/** Starting points: the lowest-load latency split between CPU and I/O several ways, plus the capacity hint. */
function starts(plan: Plan, pool: AppPool, pts: readonly MeasuredPoint[]): WorkloadGuess[] {
  const byLoad = [...pts].sort((a, b) => (a.concurrency ?? a.throughputRps) - (b.concurrency ?? b.throughputRps));
  const s0 = Math.max(0.2, (byLoad[0] as MeasuredPoint).meanMs);
  const xMax = Math.max(...pts.map((p) => p.throughputRps));
  const cpuServers = modelInput(plan, pool, { cpuMsRef: 1, ioMs: 0, cpuCv: 0.5, ioCv: 0.5 }).cpuServers;
  const speed = plan.hardware.perCoreSpeed;
  const capCpu = ((cpuServers * 1000) / xMax) * speed;
  const shares = [0.1, 0.5, 0.9];
  const out = shares.map((f) => ({ cpuMsRef: s0 * f * speed, ioMs: s0 * (1 - f), cpuCv: 0.5, ioCv: 0.5 }));
  if (capCpu < s0 * speed) out.push({ cpuMsRef: capCpu, ioMs: Math.max(0, s0 - capCpu / speed), cpuCv: 0.5, ioCv: 0.5 });
  return out;
}

function fitMeans(plan: Plan, pool: AppPool, pts: readonly MeasuredPoint[], knownCpuMsRef: number | undefined): WorkloadGuess {
  if (knownCpuMsRef !== undefined) {
    const s0 = Math.max(0.01, Math.min(...pts.map((p) => p.meanMs)) - knownCpuMsRef / plan.hardware.perCoreSpeed);
    const toG = (v: number[]): WorkloadGuess => ({ cpuMsRef: knownCpuMsRef, ioMs: v[0] as number, cpuCv: 0.5, ioCv: 0.5 });
    return toG(runLm(pts.length * 2, (v) => residuals(plan, pool, pts, toG(v)).means, [s0], BOUNDS.min.slice(1, 2), BOUNDS.max.slice(1, 2)));
  }
  let best: { g: WorkloadGuess; cost: number } | null = null;
  for (const s of starts(plan, pool, pts)) {
    const toG = (v: number[]): WorkloadGuess => ({ cpuMsRef: v[0] as number, ioMs: v[1] as number, cpuCv: s.cpuCv, ioCv: s.ioCv });
    const v = runLm(pts.length * 2, (v) => residuals(plan, pool, pts, toG(v)).means, [s.cpuMsRef, s.ioMs], BOUNDS.min.slice(0, 2), BOUNDS.max.slice(0, 2));
    const g = toG(v);
    const cost = sumSq(residuals(plan, pool, pts, g).means);
    if (!best || cost < best.cost) best = { g, cost };
  }
  return (best as { g: WorkloadGuess }).g;
}

/**
 * Stage 2: the CVs, on the tails only, with CPU and I/O kept from stage 1. The means fix CPU and
 * I/O; letting the tails move them too would trade a sound mean for a tail approximation the model
 * may lack (issue 13: closed-loop tails).
 */
function fitCvs(plan: Plan, pool: AppPool, pts: readonly MeasuredPoint[], g0: WorkloadGuess): WorkloadGuess {
  const count = residuals(plan, pool, pts, g0).tails.length;
  if (count === 0) return g0; // no percentile both sides have: the CVs stay at their start
  const toG = (v: number[]): WorkloadGuess => ({ ...g0, cpuCv: v[0] as number, ioCv: v[1] as number });
  const tails = (g: WorkloadGuess) => residuals(plan, pool, pts, g).tails;
  let best = g0;
  let bestCost = sumSq(tails(g0));
  for (const cv of [0.2, 0.5, 1]) {
    const v = runLm(count, (v) => tails(toG(v)), [cv, cv], BOUNDS.min.slice(2), BOUNDS.max.slice(2));
    const cost = sumSq(tails(toG(v)));
    if (cost < bestCost) {
      best = toG(v);
      bestCost = cost;
    }
  }
  return best;
}

function pointErrors(plan: Plan, pool: AppPool, pts: readonly MeasuredPoint[], g: WorkloadGuess): PointError[] {
  const input = modelInput(plan, pool, g);
  return pts.map((p) => {
    const m = predict(input, p);
    const e: PointError = {
      source: p.source,
      loop: m.loop,
      measured: { throughputRps: p.throughputRps, meanMs: p.meanMs },
      predicted: { throughputRps: m.throughputRps, meanMs: m.meanMs },
      relError: { throughputRps: m.throughputRps / p.throughputRps - 1, meanMs: m.meanMs / p.meanMs - 1 },
      interpolated: [],
      ...(p.concurrency !== undefined ? { concurrency: p.concurrency } : {}),
      ...(p.offeredRps !== undefined ? { offeredRps: p.offeredRps } : {}),
    };
    for (const k of PERCENTILE_KEYS) {
      const meas = measuredPercentile(p, k);
      const model = m.percentiles[k];
      if (!meas || model === undefined) continue;
      e.measured[k] = meas.value;
      e.predicted[k] = model;
      e.relError[k] = model / meas.value - 1;
      if (meas.interpolated) e.interpolated.push(k);
    }
    return e;
  });
}

const rmsOf = (xs: readonly number[]) => (xs.length === 0 ? null : Math.sqrt(sumSq(xs) / xs.length));

export type FitOutcome = { ok: true; fit: CalibrationFit } | { ok: false; message: string };

/**
 * Fits `points` (all from one server set-up, described by `plan`: app, worker class, workers /
 * threads / children, hardware) and reports the error at each point.
 */
export interface FitOptions {
  /** CPU per request measured directly (e.g. a bench meta.json's server CPU time / requests): then only I/O and the CVs are fitted. */
  knownCpuMsRef?: number;
}

export function fitCalibration(plan: Plan, points: readonly MeasuredPoint[], opts: FitOptions = {}): FitOutcome {
  const pts = points.filter((p) => p.throughputRps > 0 && p.meanMs > 0);
  if (pts.length === 0) return { ok: false, message: 'no load point with a positive throughput and latency to fit' };
  const { pool, workerClass: sizing } = sizedPool(plan);
  const g = fitCvs(plan, pool, pts, fitMeans(plan, pool, pts, opts.knownCpuMsRef));
  const errors = pointErrors(plan, pool, pts, g);
  const overhead = frameworkOverhead(plan, sizing === 'phpfpm' ? 'sync' : sizing);
  const sweeps = groupSweeps(pts);
  const contradictions = sweeps.flatMap((s) => findContradictions(s));
  const usl = sweeps.map((s) => fitUsl(s)).filter((u): u is UslFit => u !== null);
  const rms = {
    throughput: rmsOf(errors.map((e) => e.relError.throughputRps)) ?? 0,
    mean: rmsOf(errors.map((e) => e.relError.meanMs)) ?? 0,
    tail: rmsOf(errors.flatMap((e) => PERCENTILE_KEYS.map((k) => e.relError[k]).filter((v): v is number => v !== undefined))),
  };
  const { confidence, notes } = assessConfidence(pts, errors, rms, contradictions, g, BOUNDS);
  const pinned = plan.app === 'phpfpm' ? plan.pins.fpmMaxChildren !== null : plan.pins.gunicornWorkers !== null;
  if (!pinned) notes.unshift(`the plan does not pin the measured pool (${plan.app === 'phpfpm' ? 'pins.fpmMaxChildren' : 'pins.gunicornWorkers'}): the fit assumed the engine's recommendation, ${pool.slots} slots; pin what the server ran (or pass its meta.json)`);
  if (opts.knownCpuMsRef !== undefined) notes.unshift(`CPU per request fixed at the measured ${opts.knownCpuMsRef.toFixed(3)} ms; I/O and the CVs fitted`);
  return {
    ok: true,
    fit: {
      app: plan.app,
      workerClass: sizing,
      pool,
      cpuMsRef: g.cpuMsRef,
      appCpuMsRef: Math.max(0, g.cpuMsRef - overhead.ms),
      frameworkOverhead: overhead,
      ioMs: g.ioMs,
      cpuCv: g.cpuCv,
      ioCv: g.ioCv,
      points: errors,
      rms,
      usl,
      contradictions,
      confidence,
      notes,
    },
  };
}

