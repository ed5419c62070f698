/**
 * The number field's slider maths, kept apart from React so unit tests cover it: display ↔ stored
 * conversion (a scale such as ×100 for percentages), linear and log slider positions, and the
 * value a slider position sets (integers, three significant digits on a log scale).
 */

/** Steps of a log slider (its positions run 0..LOG_STEPS). */
export const LOG_STEPS = 1000;

/** Round to 3 significant digits so log-slider values read as 1,230 rather than 1,234.5678. */
export function roundSig(n: number, digits = 3): number {
  if (n === 0 || !Number.isFinite(n)) return n;
  const p = Math.pow(10, digits - Math.ceil(Math.log10(Math.abs(n))));
  return Math.round(n * p) / p;
}

export function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/** Float-safe display↔stored conversion (0.29 × 100 must show 29, not 28.999999999999996). */
export function tidy(n: number): number {
  return Number(n.toPrecision(12));
}

/** The text box's content for a stored value. */
export function toText(stored: unknown, scale: number): string {
  return typeof stored === 'number' && Number.isFinite(stored) ? String(tidy(stored * scale)) : '';
}

export interface SliderSpec {
  min: number;
  max: number;
  step?: number;
  log?: boolean;
  /** For a log slider starting at 0: the smallest non-zero value (default 1). */
  logMin?: number;
}

/** A log slider cannot start at 0: position 0 means exactly 0, the rest spans logLo..max. */
function logLow(s: SliderSpec): number {
  return s.min > 0 ? s.min : (s.logMin ?? 1);
}

/** Slider position of a displayed value (log: 0..LOG_STEPS; linear: the value clamped to the range). */
export function positionOf(s: SliderSpec, display: number): number {
  if (!s.log) return clamp(display, s.min, s.max);
  const lo = logLow(s);
  if (s.min === 0 && display < lo) return 0;
  return Math.max(s.min === 0 ? 1 : 0, Math.round((Math.log(clamp(display, lo, s.max) / lo) / Math.log(s.max / lo)) * LOG_STEPS));
}

/** The displayed value a slider position sets (integers rounded; log positions to 3 significant digits). */
export function valueAt(s: SliderSpec, position: number, integer: boolean): number {
  let v: number;
  if (!s.log) v = position;
  else {
    const lo = logLow(s);
    v = s.min === 0 && position === 0 ? 0 : roundSig(lo * Math.pow(s.max / lo, position / LOG_STEPS));
  }
  if (integer) v = Math.round(v);
  return tidy(v);
}

/** The slider's step: the spec's, 1 for integer fields, else 1/100 of the range (log sliders step by position). */
export function stepOf(s: SliderSpec, integer: boolean): number {
  return s.step ?? (integer ? 1 : (s.max - s.min) / 100);
}
