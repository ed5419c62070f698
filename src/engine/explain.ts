import type { Pins } from '../plan/schema';
import type { Explained, InputValue } from './types';

interface ExplainArgs<T> {
  key: string;
  label: string;
  unit?: string;
  formula: string;
  inputs?: Record<string, InputValue>;
  why: string;
  serverDefault?: T | string;
}

/**
 * A recommended value with its explanation. Built field by field, not by object spread: a spread of
 * these (their shapes differ by `serverDefault` and by the value's representation) took ~3 % of
 * `npm run bench`'s default-plan case. Keys in the same order as before (exports and snapshots read them).
 */
export function explain<T>(value: T, args: ExplainArgs<T>): Explained<T> {
  const out: Explained<T> = {
    key: args.key,
    label: args.label,
    value,
    unit: args.unit ?? '',
    formula: args.formula,
    inputs: args.inputs ?? {},
    why: args.why,
    pinned: false,
  };
  if (args.serverDefault !== undefined) out.serverDefault = args.serverDefault;
  return out;
}

/**
 * A value the user may pin (what-if). When pinned, the pinned number wins and the explanation
 * says what the recommendation would have been, so the user sees the distance.
 */
export function pinnable(pins: Pins, pinKey: keyof Pins, recommended: Explained<number>): Explained<number> {
  const pinned = pins[pinKey];
  if (pinned === null || pinned === undefined) return withPin(recommended, pinKey, recommended.value, false, recommended.formula);
  return withPin(recommended, pinKey, pinned, true, `pinned by you (recommended: ${recommended.formula} = ${recommended.value})`);
}

/** `{ ...r, value, pinned, pinKey, formula }` for an explain() result, without the spread (see explain). */
function withPin(r: Explained<number>, pinKey: keyof Pins, value: number, pinned: boolean, formula: string): Explained<number> {
  const out: Explained<number> = { key: r.key, label: r.label, value, unit: r.unit, formula, inputs: r.inputs, why: r.why, pinned };
  if (r.serverDefault !== undefined) out.serverDefault = r.serverDefault;
  out.pinKey = pinKey;
  return out;
}

/** Round half away from zero to `digits` decimals, for explanations only. */
export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Clamp and guard against NaN: engine outputs are always finite. */
export function clamp(n: number, min: number, max: number): number {
  if (!Number.isFinite(n)) return n === Infinity ? max : min;
  return Math.min(max, Math.max(min, n));
}
