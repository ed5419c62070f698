/**
 * Checks on the measured points themselves: sweeps whose throughput falls as concurrency rises
 * before the knee (contradictory: below saturation more clients must mean more throughput, or
 * the runs were disturbed), repeated levels that disagree, and the confidence note of a fit.
 */
import type { PointError } from './fit';
import { isClosed, thinkMsOf, type WorkloadGuess } from './model-eval';
import type { MeasuredPoint, SourceRef } from './types';

export interface Contradiction {
  sweep: string;
  source: SourceRef;
  message: string;
}

/** A throughput drop larger than this between neighbouring levels is not noise. */
const DROP_SHARE = 0.1;

const dirOf = (file: string) => file.replace(/[^/\\]*$/, '') || './';

/** Closed-loop points grouped by sweep: one folder of wrk/k6 files, or one multi-level file. */
export function groupSweeps(points: readonly MeasuredPoint[]): { name: string; points: MeasuredPoint[] }[] {
  const groups = new Map<string, MeasuredPoint[]>();
  for (const p of points) {
    if (!isClosed(p)) continue;
    const name = p.format === 'wrk' || p.format === 'k6' ? `${p.format}:${dirOf(p.source.file)}` : `${p.format}:${p.source.file}`;
    groups.set(name, [...(groups.get(name) ?? []), p]);
  }
  return [...groups].map(([name, pts]) => ({ name, points: pts.sort((a, b) => (a.concurrency as number) - (b.concurrency as number)) }));
}

/**
 * Concurrency at the knee by the response-time law: N* = X_max · (R_0 + Z), with R_0 the latency of
 * the lightest level. Below it a closed loop is not saturated.
 */
export function kneeConcurrency(pts: readonly MeasuredPoint[]): number {
  const first = pts[0] as MeasuredPoint;
  const xMax = Math.max(...pts.map((p) => p.throughputRps));
  return (xMax * (first.meanMs + thinkMsOf(first))) / 1000;
}

export function findContradictions(sweep: { name: string; points: MeasuredPoint[] }): Contradiction[] {
  const pts = sweep.points;
  if (pts.length < 2) return [];
  const knee = kneeConcurrency(pts);
  const out: Contradiction[] = [];
  // Compared with the best lower level, not just the neighbour, so a dip spread over two levels counts too.
  let best = pts[0] as MeasuredPoint;
  for (const b of pts.slice(1)) {
    const n = b.concurrency as number;
    if (n <= knee && n > (best.concurrency as number) && b.throughputRps < best.throughputRps * (1 - DROP_SHARE)) {
      out.push({
        sweep: sweep.name,
        source: b.source,
        message:
          `throughput falls from ${best.throughputRps.toFixed(1)} rps at ${best.concurrency} to ${b.throughputRps.toFixed(1)} rps at ${n} clients, ` +
          `below saturation (knee ≈ ${knee.toFixed(1)} clients): the runs were disturbed or the set-up changed; this point contradicts the sweep`,
      });
    }
    if (b.throughputRps > best.throughputRps) best = b;
  }
  return out;
}

const fileLine = (s: SourceRef) => `${s.file}${s.line ? `:${s.line}` : ''}`;

function repeatNotes(pts: readonly MeasuredPoint[]): string[] {
  const byLevel = new Map<number, MeasuredPoint[]>();
  for (const p of pts) if (isClosed(p)) byLevel.set(p.concurrency as number, [...(byLevel.get(p.concurrency as number) ?? []), p]);
  const notes: string[] = [];
  for (const [n, ps] of byLevel) {
    if (ps.length < 2) continue;
    const xs = ps.map((p) => p.throughputRps);
    const spread = Math.max(...xs) / Math.min(...xs) - 1;
    if (spread > 0.15) notes.push(`repeated level ${n} clients disagrees by ${(spread * 100).toFixed(0)}% (${ps.map((p) => fileLine(p.source)).join(', ')}): noisy runs`);
  }
  return notes;
}

export function assessConfidence(
  pts: readonly MeasuredPoint[],
  errors: readonly PointError[],
  rms: { throughput: number; mean: number; tail: number | null },
  contradictions: readonly Contradiction[],
  g: WorkloadGuess,
  bounds: { min: number[]; max: number[] },
): { confidence: 'high' | 'medium' | 'low'; notes: string[] } {
  const notes: string[] = [];
  let low = false;
  let high = true;
  if (pts.length < 3) {
    low = true;
    notes.push(`only ${pts.length} point(s): the split between CPU and I/O time is poorly determined (a sweep of ≥ 4 levels past the knee fixes it)`);
  }
  const closed = pts.filter(isClosed);
  if (closed.length > 0) {
    const knee = kneeConcurrency([...closed].sort((a, b) => (a.concurrency as number) - (b.concurrency as number)));
    if (!closed.some((p) => (p.concurrency as number) > 1.5 * knee)) {
      high = false;
      notes.push('no point well past the knee: the capacity, and so the CPU share, is extrapolated; add higher concurrency');
    }
  }
  if (rms.throughput > 0.1 || rms.mean > 0.15) {
    low = true;
    notes.push(`large residuals (rms ${(rms.throughput * 100).toFixed(1)}% on throughput, ${(rms.mean * 100).toFixed(1)}% on mean): noisy runs, or an effect the model lacks`);
  } else if (rms.throughput > 0.05 || rms.mean > 0.1) high = false;
  if (contradictions.length > 0) {
    low = true;
    notes.push(`${contradictions.length} contradictory point(s), see contradictions`);
  }
  if (g.cpuMsRef <= (bounds.min[0] as number) + 1e-6) {
    notes.push('the CPU share is not determined: no point saturates the CPU (the pool\'s slots bind first); give the measured CPU per request (--measured-cpu with a meta.json) or add a CPU-bound sweep');
  }
  for (const [i, name] of ['cpuMsRef', 'ioMs', 'cpuCv', 'ioCv'].entries()) {
    const v = [g.cpuMsRef, g.ioMs, g.cpuCv, g.ioCv][i] as number;
    if (i >= 2 && (v <= (bounds.min[i] as number) + 1e-9 || v >= (bounds.max[i] as number) - 1e-9)) notes.push(`${name} ended at its limit (${v}): the tail data push it outside what the model can express`);
  }
  for (const p of pts) {
    const req = p.requests ?? Infinity;
    if (req < 100) notes.push(`${fileLine(p.source)}: only ${req} requests, a noisy point`);
    if (p.errors > 0 && p.errors / Math.max(1, p.requests ?? p.errors) > 0.01) notes.push(`${fileLine(p.source)}: ${p.errors} failed requests (> 1%): latencies of failures distort the fit`);
  }
  notes.push(...repeatNotes(pts));
  const worst = errors.reduce((a, e) => Math.max(a, Math.abs(e.relError.throughputRps)), 0);
  if (worst > 0.2) high = false;
  const confidence = low ? 'low' : high && pts.length >= 4 ? 'high' : 'medium';
  return { confidence, notes };
}
