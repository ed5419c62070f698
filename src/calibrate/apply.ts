/**
 * "Apply to plan": a new plan with the fitted workload values (and per-worker memory) set, plus the
 * list of changed fields with their source files and date, for the undo entry, the explanations
 * and the exported README ("measured: <file>, <date>"). Pure; the caller supplies the date.
 */
import { fileList, recordCalibration, safeFileName, type CalibratedField } from '../plan/measured';
import { planSchema, type Plan } from '../plan/schema';
import type { CalibrationFit } from './fit';
import type { MemoryEstimate } from './memory';

export interface FieldChange {
  /** Dotted plan path, e.g. "workload.cpuMs". */
  field: CalibratedField;
  from: number;
  to: number;
  /** File names the value was measured from (base names, one line each: safeFileName). */
  sources: string[];
  /** The measurement's date (ISO) as the caller knows it (bench meta.json, file date, or today). */
  date: string;
  how: string;
}

export interface Provenance {
  files: string[];
  /** ISO yyyy-mm-dd, from the caller (a bench meta.json or today): nothing here reads a clock. */
  date: string;
}

// toFixed after the step: 0.69, not 0.6900000000000001, in the plan and the JSON.
const round = (v: number, step: number) => Number((Math.round(v / step) * step).toFixed(6));
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function applyFit(plan: Plan, fit: CalibrationFit | null, memory: MemoryEstimate | null, prov: Provenance): { plan: Plan; changes: FieldChange[] } {
  const next: Plan = structuredClone(plan);
  const changes: FieldChange[] = [];
  const files = [...new Set(prov.files.map(safeFileName))];
  const set = (field: CalibratedField, get: () => number, put: (v: number) => void, value: number, how: string) => {
    const from = get();
    if (Math.abs(from - value) < 1e-9) return;
    put(value);
    changes.push({ field, from, to: value, sources: files, date: prov.date, how });
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
  // The plan remembers where the applied values came from (plan.measured): the explanations and
  // the exported README say so, and a hand edit of one of them drops its mark.
  next.measured = recordCalibration(next.measured, { files, date: prov.date, fields: changes.map((c) => c.field), confidence: fit?.confidence ?? null });
  // Every value is clamped to the schema's limits above; parsing again keeps the plan's own checks.
  const parsed = planSchema.safeParse(next);
  return parsed.success ? { plan: parsed.data, changes } : { plan, changes: [] };
}

/**
 * One line per applied field for the explanations and the exported README, marking the value as
 * measured: "workload.cpuMs = 10.73 (was 25): measured from c1.txt, c2.txt and 4 more, 2026-12-01; …".
 */
export function measuredLabel(c: FieldChange): string {
  return `${c.field} = ${c.to} (was ${c.from}): measured from ${fileList(c.sources)}, ${c.date}; ${c.how}`;
}
