/** Small statistics over raw samples (server logs, JTL rows): nearest-rank percentiles and means. */

/** Nearest-rank percentile (p in 0..100) of an ascending array; NaN for an empty one. */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** mean, p50, p90, p95, p99 of latency samples in ms. */
export function latencySummary(samplesMs: readonly number[]): { meanMs: number; p50Ms: number; p90Ms: number; p95Ms: number; p99Ms: number } {
  const s = [...samplesMs].sort((a, b) => a - b);
  return {
    meanMs: mean(s),
    p50Ms: percentileSorted(s, 50),
    p90Ms: percentileSorted(s, 90),
    p95Ms: percentileSorted(s, 95),
    p99Ms: percentileSorted(s, 99),
  };
}
