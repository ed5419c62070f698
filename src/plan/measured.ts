/**
 * The plan's `measured` section (./measured-schema.ts) as data: record a calibration, drop a field
 * edited by hand, and say "measured: <file>, <date>" for a field. Pure; the date is the caller's.
 */
import { CALIBRATED_FIELDS, CONTROL_CHARS, MAX_CALIBRATIONS, MAX_FILE_NAME_CHARS, MAX_MEASURED_FILES, type Calibration, type CalibratedField } from './measured-schema';

export type { Calibration, CalibratedField };

export const isCalibratedField = (field: string): field is CalibratedField => (CALIBRATED_FIELDS.options as readonly string[]).includes(field);

/**
 * The names an explanation gives each calibrated field among its inputs (src/engine: `inputs`):
 * cpuMsHost is the fitted CPU on the host's cores, ioMs the fitted I/O wait.
 */
export const MEASURED_INPUT_KEYS: Readonly<Record<CalibratedField, readonly string[]>> = {
  'workload.cpuMs': ['cpuMs', 'cpuMsHost'],
  'workload.ioWaitMs': ['ioWaitMs', 'ioMs'],
  'workload.cpuCv': ['cpuCv'],
  'workload.ioCv': ['ioCv'],
  'gunicorn.workerMemMiB': ['workerMemMiB'],
  'phpfpm.childMemMiB': ['childMemMiB'],
};

// Global copy of the schema's pattern, for replacing every control character.
const CONTROL_CHARS_G = new RegExp(CONTROL_CHARS.source, 'gu');

/**
 * A measurement file's name as the plan keeps it: the base name (no directories), control
 * characters and line breaks as "?", at most MAX_FILE_NAME_CHARS characters. Whatever the disk
 * allows, the result passes the schema.
 */
export function safeFileName(name: string): string {
  const base = name.replace(/^[\s\S]*[/\\]/, '').replace(CONTROL_CHARS_G, '?');
  const chars = [...base];
  const short = chars.length > MAX_FILE_NAME_CHARS ? `${chars.slice(0, MAX_FILE_NAME_CHARS - 1).join('')}…` : base;
  return short === '' ? '(unnamed)' : short;
}

/**
 * The list with `next` added: the fields it sets leave the older calibrations (each field has one
 * source), calibrations left with no field go, and the oldest go past MAX_CALIBRATIONS.
 */
export function recordCalibration(list: readonly Calibration[], next: Calibration): Calibration[] {
  const files = [...new Set(next.files.map(safeFileName))].slice(0, MAX_MEASURED_FILES);
  const fields = [...new Set(next.fields)];
  if (fields.length === 0 || files.length === 0) return [...list];
  const kept = list.map((c) => ({ ...c, fields: c.fields.filter((f) => !fields.includes(f)) })).filter((c) => c.fields.length > 0);
  return [...kept, { ...next, files, fields }].slice(-MAX_CALIBRATIONS);
}

/** The list without `field` (edited by hand: no longer measured); the same list when it was not measured. */
export function dropMeasured(list: readonly Calibration[], field: string): readonly Calibration[] {
  if (!list.some((c) => (c.fields as readonly string[]).includes(field))) return list;
  return list.map((c) => ({ ...c, fields: c.fields.filter((f) => f !== field) })).filter((c) => c.fields.length > 0);
}

export function calibrationOf(list: readonly Calibration[], field: string): Calibration | null {
  return list.find((c) => (c.fields as readonly string[]).includes(field)) ?? null;
}

/** "c1.txt, c2.txt", or "c1.txt, c2.txt and 4 more" past three names. */
export function fileList(files: readonly string[]): string {
  return files.length > 3 ? `${files.slice(0, 2).join(', ')} and ${files.length - 2} more` : files.join(', ');
}

/** "measured: c1.txt, c2.txt and 4 more, 2026-12-01" (plain text; exporters escape it for their syntax). */
export function measuredText(c: Calibration): string {
  return `measured: ${fileList(c.files)}, ${c.date}`;
}

/** Explanation input name → "measured: …", for every calibrated field of the plan. */
export function measuredInputNotes(list: readonly Calibration[]): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of list) for (const f of c.fields) for (const key of MEASURED_INPUT_KEYS[f]) out[key] = measuredText(c);
  return out;
}
