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
import { defaultPlan, type Plan } from '../plan/schema';
import { base64UrlToBytes, extractCode, LINK_FORMAT_VERSION, LINK_MIGRATIONS, MAX_CODE_CHARS } from './link-format';

export interface DecodedLink {
  /**
   * false when nothing in the link could be used (damaged, unknown format, a plan of a newer
   * version): `plan` is then the defaults, and a page that already holds a plan keeps it.
   */
  ok: boolean;
  /** Always a complete, valid plan (the defaults when nothing could be recovered). */
  plan: Plan;
  /** What was dropped and why; empty when the link opened exactly. */
  problems: PlanProblem[];
}

const LINK = '(link)';

export const fail = (message: string, more: PlanProblem[] = []): DecodedLink => ({ ok: false, plan: defaultPlan(), problems: [...more, { field: LINK, message }] });

/** The envelope's version `v`: a newer one (made by a newer Headroom) is told apart from a malformed one. */
function versionProblem(v: unknown): string | null {
  if (v === undefined) return 'the link has no format version';
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return `unknown link format (version ${JSON.stringify(v)?.slice(0, 40)} is not a positive whole number)`;
  if (v > LINK_FORMAT_VERSION) return `unknown link format version ${v} (this build reads 1 to ${LINK_FORMAT_VERSION}); made by a newer Headroom?`;
  return null;
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
  const bad = versionProblem(v);
  if (bad) return fail(bad);
  const problems: PlanProblem[] = [];
  for (const key of Object.keys(env)) {
    if (key !== 'v' && key !== 'p') problems.push({ field: LINK, message: `unknown envelope key ${JSON.stringify(key.slice(0, 40))}, ignored`, kind: 'unknown' });
  }
  let p: unknown = Object.prototype.hasOwnProperty.call(env, 'p') ? env.p : {};
  try {
    for (let from = v as number; from < LINK_FORMAT_VERSION; from++) {
      const step = LINK_MIGRATIONS[from];
      if (step) p = step(p);
    }
  } catch {
    return fail(`could not upgrade a version ${String(v)} link`, problems);
  }
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return fail('the link does not hold an object of plan fields', problems);
  // The same restore as a plan file or a saved plan: unknown keys reported, bad fields reset,
  // a plan of a newer format refused (not half-loaded).
  const restored = restorePlan(p);
  if (!restored.ok) return fail('nothing in the link could be used', [...problems, ...restored.problems]);
  return { ok: true, plan: restored.plan, problems: [...problems, ...restored.problems] };
}
