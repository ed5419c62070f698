/**
 * CPU capacity of the machine as the performance model sees it.
 */
import type { Plan } from '../plan/schema';
import { round } from './explain';
import type { Explained } from './types';

/**
 * Default throughput gained from a second hardware thread on a busy core. SMT shares the core's
 * execution units, so a sibling thread adds a fraction of a core, not a whole one. 0.25 is an
 * assumption (commonly measured 15–30% for interpreter workloads); the plan's `hardware.smtGain`
 * overrides it (0 = ignore SMT, 1 = a thread counts as a full core).
 */
export const SMT_GAIN = 0.25;

type CpuShape = Pick<Plan['hardware'], 'physicalCores' | 'hardwareThreads'> & Partial<Omit<Plan['hardware'], 'physicalCores' | 'hardwareThreads'>>;

const smtGainOf = (hw: CpuShape): number => hw.smtGain ?? SMT_GAIN;

/** Effective parallel CPU capacity in "reference cores". */
export function cpuCapacityCores(hw: CpuShape): number {
  const extraThreadsPerCore = Math.max(0, hw.hardwareThreads / hw.physicalCores - 1);
  return hw.physicalCores * (1 + smtGainOf(hw) * Math.min(1, extraThreadsPerCore));
}

export function explainCpuCapacity(hw: CpuShape): Explained {
  const v = cpuCapacityCores(hw);
  const gain = smtGainOf(hw);
  return {
    key: 'cpu_capacity',
    label: 'Effective CPU capacity',
    value: round(v, 2),
    unit: 'cores',
    formula: 'physical cores × (1 + SMT gain × min(1, threads/cores − 1))',
    inputs: { physicalCores: hw.physicalCores, hardwareThreads: hw.hardwareThreads, smtGain: gain },
    why:
      `A second hardware thread shares its core's execution units; it adds about ${round(gain * 100, 0)}% of a core under load ` +
      `(the SMT gain: an adjustable assumption, default ${SMT_GAIN}).`,
    pinned: false,
  };
}
