/**
 * "Apply to plan": a new plan with the fitted workload values (and per-worker memory) set, plus the
 * list of changed fields with their source files and date, for the undo entry, the explanations
 * and the exported README ("measured: <file>, <date>"). Pure; the caller supplies the date.
 */
import { planSchema, type Plan } from '../plan/schema';
import type { CalibrationFit } from './fit';
import type { MemoryEstimate } from './memory';

export interface FieldChange {
  /** Dotted plan path, e.g. "workload.cpuMs". */
  field: string;
  from: number;
  to: number;
  /** File names the value was measured from. */
  sources: string[];
  /** The measurement's date (ISO) as the caller knows it (bench meta.json, file date, or today). */
  date: string;
  how: string;
}

export interface Provenance {
  files: string[];
  date: string;
}

// toFixed after the step: 0.69, not 0.6900000000000001, in the plan and the JSON.
const round = (v: number, step: number) => Number((Math.round(v / step) * step).toFixed(6));
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function applyFit(plan: Plan, fit: CalibrationFit | null, memory: MemoryEstimate | null, prov: Provenance): { plan: Plan; changes: FieldChange[] } {
  const next: Plan = structuredClone(plan);
  const changes: FieldChange[] = [];
  const set = (field: string, get: () => number, put: (v: number) => void, value: number, how: string) => {
    const from = get();
    if (Math.abs(from - value) < 1e-9) return;
    put(value);
    changes.push({ field, from, to: value, sources: prov.files, date: prov.date, how });
  };
  const w = next.workload;
  if (fit) {
    set('workload.cpuMs', () => w.cpuMs, (v) => (w.cpuMs = v), clamp(round(fit.cpuMsRef, 0.01), 0.1, 60_000), `fitted total CPU per request (framework overhead ${fit.frameworkOverhead.ms} ms included)`);
    set('workload.ioWaitMs', () => w.ioWaitMs, (v) => (w.ioWaitMs = v), clamp(round(fit.ioMs, 0.01), 0, 600_000), 'fitted I/O wait per request');
    if (fit.rms.tail !== null) {
      set('workload.cpuCv', () => w.cpuCv, (v) => (w.cpuCv = v), clamp(round(fit.cpuCv, 0.01), 0, 4), 'fitted to the measured percentiles');
      set('workload.ioCv', () => w.ioCv, (v) => (w.ioCv = v), clamp(round(fit.ioCv, 0.01), 0, 4), 'fitted to the measured percentiles');
    }
  }
  if (memory) {
    const mib = clamp(round(memory.p95MiB, 0.1), 5, 65_536);
    const how = `p${memory.percentile} of ${memory.workers} workers (${memory.what.join('; ')})`;
    if (memory.field === 'phpfpm.childMemMiB') set(memory.field, () => next.phpfpm.childMemMiB, (v) => (next.phpfpm.childMemMiB = v), mib, how);
    else set(memory.field, () => next.gunicorn.workerMemMiB, (v) => (next.gunicorn.workerMemMiB = v), mib, how);
  }
  // Every value is clamped to the schema's limits above; parsing again keeps the plan's own checks.
  const parsed = planSchema.safeParse(next);
  return parsed.success ? { plan: parsed.data, changes } : { plan, changes: [] };
}
