/**
 * Per-worker memory from PHP-FPM status pages or ps RSS lists. Sized by the 95th percentile
 * (nearest rank) of the workers seen, not the average: a pool runs out of memory when its big
 * workers are big at once, and one worker in twenty above the planned size is the planner's margin
 * (DOMAIN.md B.6 warns against averages; with fewer than 20 workers p95 is the largest one).
 */
import type { Plan } from '../plan/schema';
import { percentileSorted } from './stats';
import type { MemorySample, ParsedFile, SourceRef } from './types';

export const MEMORY_PERCENTILE = 95;

export interface MemoryEstimate {
  /** The plan field it sizes. */
  field: 'phpfpm.childMemMiB' | 'gunicorn.workerMemMiB';
  p95MiB: number;
  maxMiB: number;
  meanMiB: number;
  workers: number;
  percentile: typeof MEMORY_PERCENTILE;
  what: string[];
  sources: SourceRef[];
}

export function memoryEstimate(app: Plan['app'], files: readonly ParsedFile[]): MemoryEstimate | null {
  const withMemory = files.filter((f) => f.memory && f.memory.samples.length > 0);
  const samples: MemorySample[] = withMemory.flatMap((f) => f.memory?.samples ?? []);
  if (samples.length === 0) return null;
  const sorted = samples.map((s) => s.memMiB).sort((a, b) => a - b);
  return {
    field: app === 'phpfpm' ? 'phpfpm.childMemMiB' : 'gunicorn.workerMemMiB',
    p95MiB: percentileSorted(sorted, MEMORY_PERCENTILE),
    maxMiB: sorted[sorted.length - 1] as number,
    meanMiB: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    workers: samples.length,
    percentile: MEMORY_PERCENTILE,
    what: [...new Set(withMemory.map((f) => f.memory?.what ?? ''))],
    sources: withMemory.map((f) => ({ file: f.file })),
  };
}
