/**
 * Encode a plan as a share link: only the leaves that differ from defaultPlan(), wrapped as
 * {v, p}, deflated (fflate, raw deflate) and base64url'd. Deterministic: the same plan always
 * gives the same code (keys follow the schema's order, compression level is fixed).
 */
import { deflateSync } from 'fflate';
import { defaultPlan, type Plan } from '../plan/schema';
import { bytesToBase64Url, LINK_FORMAT_VERSION } from './link-format';

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

function sameValue(a: unknown, b: unknown): boolean {
  // Arrays and objects as whole values (tables, GSIs); JSON is the plan's own value model.
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

/** The non-default leaves of `value` against `base`; undefined when nothing differs. */
export function diffAgainst(value: unknown, base: unknown): unknown {
  if (isObject(value) && isObject(base)) {
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const d = diffAgainst(value[key], base[key]);
      if (d !== undefined) (out ??= {})[key] = d;
    }
    return out;
  }
  return sameValue(value, base) ? undefined : value;
}

/** The plan's non-default leaves, e.g. {hardware: {physicalCores: 8}}; {} for the default plan. */
export function planDiff(plan: Plan): Record<string, unknown> {
  return (diffAgainst(plan, defaultPlan()) as Record<string, unknown> | undefined) ?? {};
}

/** The code that goes after `#p=`. */
export function encodePlan(plan: Plan): string {
  const json = JSON.stringify({ v: LINK_FORMAT_VERSION, p: planDiff(plan) });
  return bytesToBase64Url(deflateSync(new TextEncoder().encode(json), { level: 9 }));
}

/** The fragment for a plan: `#p=<code>`, or '' for the default plan (a clean URL). */
export function planFragment(plan: Plan): string {
  const diff = planDiff(plan);
  return Object.keys(diff).length === 0 ? '' : `#p=${encodePlan(plan)}`;
}
