/**
 * CPU capacity of the machine as the performance model sees it.
 */
import type { Plan } from '../plan/schema';
import { round } from './explain';
import type { Explained } from './types';

/**
 * Throughput gained from a second hardware thread on a busy core. SMT shares the core's execution
 * units, so a sibling thread adds a fraction of a core, not a whole one. 0.25 is an assumption
 * (commonly measured 15–30% for interpreter workloads); it is stated in the README's model section.
 */
export const SMT_GAIN = 0.25;

/** Effective parallel CPU capacity in "reference cores". */
export function cpuCapacityCores(hw: Plan['hardware']): number {
  const extraThreadsPerCore = Math.max(0, hw.hardwareThreads / hw.physicalCores - 1);
  return hw.physicalCores * (1 + SMT_GAIN * Math.min(1, extraThreadsPerCore));
}

export function explainCpuCapacity(hw: Plan['hardware']): Explained {
  const v = cpuCapacityCores(hw);
  return {
    key: 'cpu_capacity',
    label: 'Effective CPU capacity',
    value: round(v, 2),
    unit: 'cores',
    formula: 'physical cores × (1 + SMT gain × min(1, threads/cores − 1))',
    inputs: { physicalCores: hw.physicalCores, hardwareThreads: hw.hardwareThreads, smtGain: SMT_GAIN },
    why: 'A second hardware thread shares its core\'s execution units; it adds about a quarter of a core under load (assumption).',
    pinned: false,
  };
}
