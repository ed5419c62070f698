/**
 * Universal Scalability Law for a closed-loop sweep (DOMAIN.md E.5, H.8):
 * X(N) = λN / (1 + σ(N−1) + κN(N−1)), σ = contention, κ = coherency, fitted by nonlinear least
 * squares on relative throughput errors (ml-levenberg-marquardt), with λ free when the sweep has no
 * N = 1 point. Needs ≥ 4 concurrency levels (H.8 suggests about 6).
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import type { MeasuredPoint, SourceRef } from './types';

export interface UslFit {
  sweep: string;
  points: number;
  lambdaRps: number;
  sigma: number;
  kappa: number;
  /** N* = √((1 − σ)/κ); null when κ = 0 (Amdahl: no retrograde region). */
  peakConcurrency: number | null;
  peakThroughputRps: number;
  maxRelError: number;
  sources: SourceRef[];
}

export const MIN_USL_POINTS = 4;

export const uslThroughput = (lambda: number, sigma: number, kappa: number, n: number): number =>
  (lambda * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1));

export function fitUsl(sweep: { name: string; points: MeasuredPoint[] }): UslFit | null {
  const pts = sweep.points.filter((p) => p.concurrency !== undefined && p.concurrency > 0);
  const levels = new Set(pts.map((p) => p.concurrency));
  if (levels.size < MIN_USL_POINTS) return null;
  const n = pts.map((p) => p.concurrency as number);
  const x = pts.map((p) => p.throughputRps);
  const first = pts.reduce((a, p) => ((p.concurrency as number) < (a.concurrency as number) ? p : a));
  const lambda0 = first.throughputRps / (first.concurrency as number);
  // Relative residuals, so a 30 rps point weighs as much as a 300 rps one.
  const r = levenbergMarquardt(
    { x: n.map((_, i) => i), y: n.map(() => 1) },
    ([l, s, k]) => (i) => uslThroughput(l as number, s as number, k as number, n[i] as number) / (x[i] as number),
    {
      initialValues: [lambda0, 0.05, 0.001],
      minValues: [lambda0 * 0.2, 0, 0],
      maxValues: [lambda0 * 5, 1, 1],
      gradientDifference: [lambda0 * 1e-3, 1e-4, 1e-6],
      centralDifference: true,
      maxIterations: 200,
      errorTolerance: 1e-10,
    },
  );
  const [lambda, sigma, kappa] = r.parameterValues as [number, number, number];
  const peak = kappa > 1e-12 ? Math.sqrt((1 - sigma) / kappa) : null;
  const nTop = Math.max(...n);
  const peakN = peak === null ? nTop : Math.max(1, Math.round(peak));
  const errs = n.map((ni, i) => Math.abs(uslThroughput(lambda, sigma, kappa, ni) / (x[i] as number) - 1));
  return {
    sweep: sweep.name,
    points: pts.length,
    lambdaRps: lambda,
    sigma,
    kappa,
    peakConcurrency: peak,
    peakThroughputRps: uslThroughput(lambda, sigma, kappa, peakN),
    maxRelError: Math.max(...errs),
    sources: pts.map((p) => p.source),
  };
}
