import { describe, expect, it } from 'vitest';
import { closedLoopPoint } from '../engine/perf/model';
import { planSchema, type Plan } from '../plan/schema';
import { fitCalibration } from './fit';
import { importMeasurements } from './import';
import { modelInput, sizedPool } from './model-eval';
import { sweepFiles } from './testing/fixtures';
import type { MeasuredPoint } from './types';
import { fitUsl, uslThroughput } from './usl';

const TODAY = '2026-12-01';

/** A 1-core Gunicorn gthread server, 2 workers × 4 threads, as bench/realserver runs it. */
const gthreadPlan = (): Plan =>
  planSchema.parse({
    hardware: { presetId: 'custom', physicalCores: 1, hardwareThreads: 1 },
    gunicorn: { version: '20.1', workerClass: 'gthread' },
    pins: { gunicornWorkers: 2, gunicornThreads: 4 },
  });

/** Closed-loop points the engine itself predicts for known CPU and I/O (a fit must recover them). */
function modelSweep(plan: Plan, cpuMs: number, ioMs: number, conns: number[]): MeasuredPoint[] {
  const input = modelInput(plan, sizedPool(plan).pool, { cpuMsRef: cpuMs, ioMs, cpuCv: 0.5, ioCv: 0.5 });
  return conns.map((n) => {
    const c = closedLoopPoint(input, n, 0);
    return { format: 'wrk', concurrency: n, thinkMs: 0, throughputRps: c.throughputRps, meanMs: c.meanMs, p95Ms: c.p95Ms, errors: 0, requests: 1000, source: { file: `sweep/c${n}.txt` } };
  });
}

describe('fit on the engine’s own curve', () => {
  it('recovers known CPU and I/O ms from a model-generated sweep', () => {
    const plan = gthreadPlan();
    const r = fitCalibration(plan, modelSweep(plan, 8, 20, [1, 2, 4, 8, 16, 32]));
    if (!r.ok) throw new Error(r.message);
    expect(r.fit.cpuMsRef).toBeCloseTo(8, 1);
    expect(r.fit.ioMs).toBeCloseTo(20, 1);
    expect(r.fit.rms.throughput).toBeLessThan(0.005);
    expect(r.fit.confidence).toBe('high');
  });
  it('says the confidence is low for one point', () => {
    const plan = gthreadPlan();
    const r = fitCalibration(plan, modelSweep(plan, 8, 20, [4]));
    if (!r.ok) throw new Error(r.message);
    expect(r.fit.confidence).toBe('low');
    expect(r.fit.notes.join(' ')).toMatch(/only 1 point/);
  });
  it('keeps a measured CPU per request and fits only the I/O', () => {
    const plan = gthreadPlan();
    const r = fitCalibration(plan, modelSweep(plan, 8, 20, [1, 4, 16]), { knownCpuMsRef: 8 });
    if (!r.ok) throw new Error(r.message);
    expect(r.fit.cpuMsRef).toBe(8);
    expect(r.fit.ioMs).toBeCloseTo(20, 1);
  });
  it('reports a sweep whose throughput falls below saturation, and leaves the plan unchanged', () => {
    const plan = gthreadPlan();
    const pts = modelSweep(plan, 2, 40, [1, 2, 4, 8, 16]);
    (pts[2] as MeasuredPoint).throughputRps *= 0.4; // c=4 now below c=2, far below the knee (≈ 8 clients)
    const r = fitCalibration(plan, pts);
    if (!r.ok) throw new Error(r.message);
    expect(r.fit.contradictions).toHaveLength(1);
    expect(r.fit.contradictions[0]?.source.file).toBe('sweep/c4.txt');
    expect(r.fit.confidence).toBe('low');
  });
  it('refuses to fit nothing', () => {
    expect(fitCalibration(gthreadPlan(), []).ok).toBe(false);
  });
});

describe('USL (DOMAIN.md E.5)', () => {
  const pts = (sigma: number, kappa: number): MeasuredPoint[] =>
    [1, 2, 4, 8, 16, 32].map((n) => ({ format: 'wrk', concurrency: n, throughputRps: uslThroughput(100, sigma, kappa, n), meanMs: 10, errors: 0, source: { file: `u/c${n}.txt` } }));
  it('recovers σ and κ and the peak concurrency √((1−σ)/κ)', () => {
    const u = fitUsl({ name: 'u', points: pts(0.05, 0.002) });
    expect(u?.sigma).toBeCloseTo(0.05, 3);
    expect(u?.kappa).toBeCloseTo(0.002, 4);
    expect(u?.peakConcurrency).toBeCloseTo(Math.sqrt(0.95 / 0.002), 0);
    expect(u?.maxRelError).toBeLessThan(1e-3);
  });
  it('needs at least 4 levels', () => {
    expect(fitUsl({ name: 'u', points: pts(0.05, 0.002).slice(0, 3) })).toBeNull();
  });
});

/**
 * Done-when of issue 14: sweeps measured here with wrk against the synthetic app of known CPU and
 * I/O (bench/realserver), imported as files, give a fit whose curve matches every point within 10 %
 * (throughput) and 15 % (mean). These are the sweeps the shared machine left undisturbed; the noisy
 * ones are listed in bench/realserver/fixtures/README.md.
 */
describe('fit on real measurements (bench/realserver/fixtures/measured)', () => {
  it.each([
    ['gunicorn-gthread-1core-10cpu-0io', 10, 0],
    ['gunicorn-sync-1core-1cpu-30io', 1, 30],
    ['fpm-static-1core-5cpu-10io', 5, 10],
    ['fpm-static-1core-1cpu-30io', 1, 30],
  ])('%s: every point within 10 %% throughput and 15 %% mean', (dir, cpuSet, ioSet) => {
    const out = importMeasurements(sweepFiles(`measured/${dir}`, true), { today: TODAY });
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    const fit = out.result.fit;
    expect(fit?.points).toHaveLength(6);
    for (const e of fit?.points ?? []) {
      expect(Math.abs(e.relError.throughputRps), `${e.source.file} throughput`).toBeLessThan(0.1);
      expect(Math.abs(e.relError.meanMs), `${e.source.file} mean`).toBeLessThan(0.15);
    }
    // At least the time the app was told to take: a core shared with other jobs makes the fitted CPU
    // larger than the app's (it is the CPU wall time the server got), never smaller.
    expect((fit?.cpuMsRef ?? 0) + (fit?.ioMs ?? 0)).toBeGreaterThan(cpuSet + ioSet);
  });
  it('the CPU-bound sweep’s fitted CPU is the CPU the server really spent per request', () => {
    const files = sweepFiles('measured/gunicorn-gthread-1core-10cpu-0io', true);
    const out = importMeasurements(files, { today: TODAY });
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    const meta = JSON.parse(files.find((f) => f.file.endsWith('meta.json'))?.text ?? '{}') as { points: { serverCpuMsPerRequest: number }[] };
    const cpu = meta.points.map((p) => p.serverCpuMsPerRequest).sort((a, b) => a - b);
    const median = ((cpu[2] as number) + (cpu[3] as number)) / 2;
    expect(Math.abs((out.result.fit?.cpuMsRef ?? 0) / median - 1)).toBeLessThan(0.1);
  });
  it('--measured-cpu takes the meta.json CPU and still matches the I/O-bound sweep', () => {
    const out = importMeasurements(sweepFiles('measured/gunicorn-sync-1core-1cpu-30io', true), { today: TODAY, measuredCpu: true });
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    const fit = out.result.fit;
    expect(fit?.cpuMsRef).toBeGreaterThan(1);
    expect(fit?.cpuMsRef).toBeLessThan(2.5);
    expect(fit?.ioMs).toBeGreaterThan(28);
    expect(Math.max(...(fit?.points ?? []).map((e) => Math.abs(e.relError.throughputRps)))).toBeLessThan(0.1);
  });
});
