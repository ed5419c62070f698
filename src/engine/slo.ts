/**
 * The one accessor for "the plan's SLO percentile at a point": tiles, charts, explanations and the
 * fleet what-ifs read latency through it, so a p99 SLO is never judged on p95.
 */
import type { SloPercentile } from '../plan/schema';
import type { OpenPoint } from './perf/model';

export type PercentileLatencies = Pick<OpenPoint, 'p50Ms' | 'p95Ms' | 'p99Ms'>;

const FIELD: Record<SloPercentile, keyof PercentileLatencies> = { p50: 'p50Ms', p95: 'p95Ms', p99: 'p99Ms' };

export function latencyAtPercentileMs(point: PercentileLatencies, percentile: SloPercentile): number {
  return point[FIELD[percentile]];
}
