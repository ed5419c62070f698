/**
 * Where calibrated inputs came from (issue 14): each "Apply to plan" of a calibration records the
 * measurement files, the date of the measurement (an ISO date the UI or CLI supplies: the schema
 * and the engine have no clock), the plan fields it set and the fit's confidence. The explanations
 * and the exported README say "measured: <file>, <date>" for those fields; editing one of them by
 * hand drops it from here (src/state/plan-store.ts). A plan without `measured` opens as before:
 * the default is no calibration, and the share link leaves a default section out.
 *
 * File names are free text from the user's disk. The schema keeps them on one line (no control
 * characters) and bounded; every exporter escapes them again for its own syntax.
 */
import * as z from 'zod/mini';

const d = <T extends z.ZodMiniType>(schema: T, value: z.output<T>) => z._default(schema, value as never);

/** The plan fields "Apply to plan" sets (src/calibrate/apply.ts). */
export const CALIBRATED_FIELDS = z.enum(['workload.cpuMs', 'workload.ioWaitMs', 'workload.cpuCv', 'workload.ioCv', 'gunicorn.workerMemMiB', 'phpfpm.childMemMiB']);
export type CalibratedField = z.infer<typeof CALIBRATED_FIELDS>;
export const FIT_CONFIDENCES = z.enum(['high', 'medium', 'low']);

export const MAX_CALIBRATIONS = 8;
export const MAX_MEASURED_FILES = 64;
export const MAX_FILE_NAME_CHARS = 120;

/** Control characters, line and paragraph separators, and bidi controls (which could make a name read as other text). */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day (2026-02-30 is not one); by arithmetic, not Date: src/plan reads no clock. */
function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return days !== undefined && day >= 1 && day <= days;
}

const fileName = z
  .string()
  .check(
    z.minLength(1, 'a file name is required'),
    z.maxLength(MAX_FILE_NAME_CHARS, `a file name has at most ${MAX_FILE_NAME_CHARS} characters`),
    z.refine((s) => !CONTROL_CHARS.test(s), 'a file name on one line: no line breaks or control characters'),
  );

export const calibrationSchema = z.object({
  /** The measurement files' names (base names, as the user chose them). */
  files: z.array(fileName).check(z.minLength(1, 'at least one file'), z.maxLength(MAX_MEASURED_FILES, `at most ${MAX_MEASURED_FILES} files`)),
  /** The measurement's date, yyyy-mm-dd (a bench meta.json's, or the day it was applied). */
  date: z.string().check(z.regex(ISO_DATE, 'an ISO date such as 2026-12-01 (yyyy-mm-dd)'), z.refine(isCalendarDate, 'not a calendar date (yyyy-mm-dd)')),
  /** The plan fields this calibration set. */
  fields: z.array(CALIBRATED_FIELDS).check(z.minLength(1, 'at least one field'), z.maxLength(CALIBRATED_FIELDS.options.length, `at most ${CALIBRATED_FIELDS.options.length} fields`)),
  /** The fit's confidence; null when only worker memory was applied (no fit). */
  confidence: z.nullable(FIT_CONFIDENCES),
});
export type Calibration = z.infer<typeof calibrationSchema>;

/** Each field is measured by at most one calibration (a newer apply takes it over). */
const eachFieldOnce = (list: readonly Calibration[]) => {
  const fields = list.flatMap((c) => c.fields);
  return new Set(fields).size === fields.length;
};

export const measuredSchema = d(
  z
    .array(calibrationSchema)
    .check(z.maxLength(MAX_CALIBRATIONS, `at most ${MAX_CALIBRATIONS} calibrations`), z.refine(eachFieldOnce, 'a field appears in two calibrations: each field has one source')),
  [],
);
