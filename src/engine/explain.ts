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

/** A recommended value with its explanation. */
export function explain<T>(value: T, args: ExplainArgs<T>): Explained<T> {
  return {
    key: args.key,
    label: args.label,
    value,
    unit: args.unit ?? '',
    formula: args.formula,
    inputs: args.inputs ?? {},
    why: args.why,
    pinned: false,
    ...(args.serverDefault !== undefined ? { serverDefault: args.serverDefault } : {}),
  };
}

/**
 * A value the user may pin (what-if). When pinned, the pinned number wins and the explanation
 * says what the recommendation would have been, so the user sees the distance.
 */
export function pinnable(pins: Pins, pinKey: keyof Pins, recommended: Explained<number>): Explained<number> {
  const pinned = pins[pinKey];
  if (pinned === null || pinned === undefined) return { ...recommended, pinKey };
  return {
    ...recommended,
    value: pinned,
    pinned: true,
    pinKey,
    formula: `pinned by you (recommended: ${recommended.formula} = ${recommended.value})`,
  };
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
