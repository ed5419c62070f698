/**
 * Decode a share link into a plan. Never throws: whatever is wrong with the link (not base64,
 * not deflate, not JSON, unknown version, hostile or unknown keys, out-of-range values, too big),
 * the result is the recoverable part merged onto the defaults plus one problem per thing dropped.
 *
 * This module holds everything but the inflate step, which comes in two flavours: synchronous
 * with fflate (./link-decode.ts: CLI, tests) and the browser's native DecompressionStream
 * (./link-decode-native.ts: the page, which thus loads no compression library before it paints).
 */
import { restorePlan, type PlanProblem } from '../plan/restore';
import { defaultPlan, planSchema, type Plan } from '../plan/schema';
import { base64UrlToBytes, extractCode, LINK_FORMAT_VERSION, LINK_MIGRATIONS, MAX_CODE_CHARS } from './link-format';

export interface DecodedLink {
  /** Always a complete, valid plan (the defaults when nothing could be recovered). */
  plan: Plan;
  /** What was dropped and why; empty when the link opened exactly. */
  problems: PlanProblem[];
}

const LINK = '(link)';
/** Keys that could reach an object's prototype if some later code merged them naively. */
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 16;

export const fail = (message: string): DecodedLink => ({ plan: defaultPlan(), problems: [{ field: LINK, message }] });

/** The parts of a zod/mini schema definition needed to know which keys an object accepts. */
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  element?: Schema;
  shape?: Record<string, Schema>;
  options?: Schema[];
}
type Schema = { _zod: { def: Def } };

function unwrap(s: Schema): Schema {
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def;
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) break;
    s = inner;
  }
  return s;
}

/**
 * A copy of untrusted JSON with hostile keys removed (before anything else looks at it) and keys the
 * schema does not know removed, each reported. Values are left for the schema to judge.
 */
function clean(value: unknown, schema: Schema | undefined, path: string[], problems: PlanProblem[]): unknown {
  const field = () => path.join('.') || '(plan)';
  if (value === null || typeof value !== 'object') return value;
  if (path.length > MAX_DEPTH) {
    problems.push({ field: field(), message: 'nested too deeply (ignored)' });
    return undefined;
  }
  const def = schema ? unwrap(schema)._zod.def : undefined;
  if (Array.isArray(value)) {
    const element = def?.type === 'array' ? def.element : undefined;
    return value.map((v, i) => clean(v, element, [...path, String(i)], problems));
  }
  const shape = def?.type === 'object' ? def.shape : undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (HOSTILE_KEYS.has(key)) {
      problems.push({ field: [...path, key].join('.'), message: 'not allowed (prototype key), ignored' });
      continue;
    }
    if (shape && !Object.prototype.hasOwnProperty.call(shape, key)) {
      problems.push({ field: [...path, key].join('.'), message: 'unknown field, ignored' });
      continue;
    }
    const v = clean((value as Record<string, unknown>)[key], shape?.[key], [...path, key], problems);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Restore, and when a cross-field rule makes a whole plan fail, drop the sections it names and retry. */
function restoreRecoverable(p: unknown, problems: PlanProblem[]): Plan {
  let data = p;
  for (let attempt = 0; attempt < 5; attempt++) {
    const restored = restorePlan(data);
    if (restored.ok) {
      problems.push(...restored.problems);
      return restored.plan;
    }
    const sections = new Set(restored.problems.map((pr) => pr.field.split('.')[0] ?? ''));
    const obj = data !== null && typeof data === 'object' && !Array.isArray(data) ? { ...(data as Record<string, unknown>) } : null;
    const removable = obj ? [...sections].filter((s) => s !== '' && Object.prototype.hasOwnProperty.call(obj, s)) : [];
    if (!obj || removable.length === 0) {
      problems.push(...restored.problems);
      return defaultPlan();
    }
    for (const s of removable) {
      problems.push(...restored.problems.filter((pr) => pr.field.split('.')[0] === s));
      problems.push({ field: s, message: 'section reset to defaults' });
      delete obj[s];
    }
    data = obj;
  }
  return defaultPlan();
}

/** Step 1: the compressed bytes of a URL, a `#p=…` fragment, `p=…` or a bare code — or the reason there are none. */
export function linkBytes(input: string): Uint8Array | DecodedLink {
  if (typeof input !== 'string') return fail('not text');
  if (input.length > MAX_CODE_CHARS + 4096) return fail(`too long (${input.length.toLocaleString('en-US')} characters; the limit is ${MAX_CODE_CHARS.toLocaleString('en-US')}), ignored`);
  const code = extractCode(input);
  if (code === '') return fail('no plan in the link (#p=… is empty or missing)');
  if (code.length > MAX_CODE_CHARS) return fail(`too long (${code.length.toLocaleString('en-US')} characters; the limit is ${MAX_CODE_CHARS.toLocaleString('en-US')}), ignored`);
  return base64UrlToBytes(code) ?? fail('not a Headroom link: the code is not base64url text (truncated or altered?)');
}

/** What an inflate step reports: the bytes, or that they were damaged or too large. */
export type Inflated = Uint8Array | 'damaged' | 'too-large';

/** Step 3: the plan from the inflated bytes. */
export function decodeInflated(inflated: Inflated): DecodedLink {
  if (inflated === 'too-large') return fail('the plan inside is too large, ignored');
  if (inflated === 'damaged') return fail('the link is damaged (could not decompress it; truncated or altered?)');
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return fail('the link is damaged (could not decompress it; truncated or altered?)');
  }

  let envelope: unknown;
  try {
    envelope = JSON.parse(json);
  } catch {
    return fail('the link is damaged (the plan inside is not valid JSON; truncated?)');
  }
  if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) return fail('the link does not hold a plan');
  const env = envelope as Record<string, unknown>;
  const v = Object.prototype.hasOwnProperty.call(env, 'v') ? env.v : undefined;
  if (v === undefined) return fail('the link has no format version');
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > LINK_FORMAT_VERSION) {
    return fail(`unknown link format version ${JSON.stringify(v)?.slice(0, 40)} (this build reads 1 to ${LINK_FORMAT_VERSION}); made by a newer Headroom?`);
  }
  const problems: PlanProblem[] = [];
  for (const key of Object.keys(env)) {
    if (key !== 'v' && key !== 'p') problems.push({ field: LINK, message: `unknown envelope key ${JSON.stringify(key.slice(0, 40))}, ignored` });
  }
  let p: unknown = clean(Object.prototype.hasOwnProperty.call(env, 'p') ? env.p : {}, planSchema as unknown as Schema, [], problems);
  try {
    for (let from = v; from < LINK_FORMAT_VERSION; from++) {
      const step = LINK_MIGRATIONS[from];
      if (step) p = step(p);
    }
  } catch {
    return { plan: defaultPlan(), problems: [...problems, { field: LINK, message: `could not upgrade a version ${v} link` }] };
  }
  if (p === null || typeof p !== 'object' || Array.isArray(p)) {
    return { plan: defaultPlan(), problems: [...problems, { field: '(plan)', message: 'expected an object of plan fields' }] };
  }
  const plan = restoreRecoverable(p, problems);
  return { plan, problems };
}
