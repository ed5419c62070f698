/** The plan of the server a bench sweep measured (its meta.json): app, worker class, pool pins, cores. */
import { planSchema, type Plan } from '../plan/schema';
import type { BenchSetup } from './types';

export function planForSetup(base: Plan, s: BenchSetup): Plan {
  const gunicorn = s.server === 'gunicorn';
  const candidate = {
    ...base,
    app: gunicorn ? ('gunicorn' as const) : ('phpfpm' as const),
    // The measured machine is the reference core (per-core speed 1), no SMT sibling in the pinned set.
    hardware: { ...base.hardware, presetId: 'custom', catalogId: null, physicalCores: s.cores, hardwareThreads: s.cores, perCoreSpeed: 1 },
    gunicorn: gunicorn ? { ...base.gunicorn, version: '20.1' as const, workerClass: s.workerClass === 'static' ? null : s.workerClass } : base.gunicorn,
    phpfpm: gunicorn ? base.phpfpm : { ...base.phpfpm, version: '8.2' as const, pm: 'static' as const },
    pins: {
      ...base.pins,
      gunicornWorkers: gunicorn ? s.workers : base.pins.gunicornWorkers,
      gunicornThreads: gunicorn && s.workerClass === 'gthread' ? s.threads : base.pins.gunicornThreads,
      gunicornWorkerConnections: gunicorn && s.workerConnections !== null ? s.workerConnections : base.pins.gunicornWorkerConnections,
      fpmMaxChildren: gunicorn ? base.pins.fpmMaxChildren : s.workers,
    },
  };
  return planSchema.parse(candidate);
}
