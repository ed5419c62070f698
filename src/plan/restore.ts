/**
 * THE restore: rebuild a plan from untrusted data — a plan file, a share link's payload, a saved
 * plan in localStorage — the same way for all three (excalidraw's `restore` habit):
 *   1. refuse what cannot be a plan of this build (not an object, a newer or unknown `version`);
 *   2. migrate older plan formats;
 *   3. copy it, dropping prototype keys and keys the schema does not know, each reported
 *      (kind 'unknown': the CLIs refuse these unless --lenient);
 *   4. parse with the schema; each bad field is dropped so its default applies. A rule that
 *      reads several fields (shares adding up to 100%, threads ≥ cores) names the fields whose
 *      defaults make it hold (src/plan/rules.ts): only those are reset, in that one table or
 *      kind; a rule that offers a value for its field (a duplicate kind name gets a free one,
 *      `web-2`) sets that. Only a rule that does neither, about a field the input does not hold,
 *      resets its whole section. Every dropped or changed field is reported once, with its rule.
 * Never throws. `ok: false` means nothing could be used (the caller keeps what it had).
 */
import type * as z from 'zod/mini';
import { childSchema, PLAN_SCHEMA, schemaNode } from './fields';
import { ruleReplacement, ruleResets } from './rules';
import { planSchema, PLAN_FORMAT_VERSION, type Plan } from './schema';

/** 'unknown': a key the schema does not have; 'invalid': a value outside its limits (reset to the default). */
export type ProblemKind = 'unknown' | 'invalid';

export interface PlanProblem {
  /** Dotted path, e.g. `workload.cpuMs`. */
  field: string;
  message: string;
  /** Absent on problems that are not about one field (a damaged link, a refused file). */
  kind?: ProblemKind;
}

export type RestoreResult =
  | { ok: true; plan: Plan; problems: PlanProblem[] }
  | { ok: false; problems: PlanProblem[] };

export const UNKNOWN_FIELD = 'unknown field';
/** Keys that could reach an object's prototype if some later code merged them naively. */
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Enough rounds to drop every field of the largest plan one cross-field rule at a time. */
const MAX_ROUNDS = 60;

const fieldName = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(plan)';
/**
 * An unknown key as it appears in a field path: at most 80 characters, anything but letters,
 * digits, _ $ - as \uXXXX, so a hostile key cannot break a `<file>: <field>: <message>` line
 * (no newline, no ': ', no bidi control).
 */
const keyText = (key: string) => key.slice(0, 80).replace(/[^A-Za-z0-9_$-]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function describe(issue: z.core.$ZodIssue): PlanProblem {
  let message = issue.message;
  if (issue.code === 'too_small') message = `must be at least ${String(issue.minimum)}`;
  else if (issue.code === 'too_big') message = `must be at most ${String(issue.maximum)}`;
  else if (issue.code === 'invalid_type') message = `expected ${issue.expected}`;
  else if (issue.code === 'invalid_value') message = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return { field: fieldName(issue.path), message, kind: 'invalid' };
}

/** Problems in order, each (field, message) once: the rounds below may meet one issue again. */
class ProblemList {
  readonly list: PlanProblem[] = [];
  private readonly seen = new Set<string>();
  add(p: PlanProblem) {
    const key = `${p.field}\u0000${p.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(p);
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * A copy of untrusted JSON holding only keys the schema knows (prototype keys and unknown keys are
 * reported and left out). Values are left for the schema to judge; only objects and arrays the
 * schema expects are walked, so the depth is the schema's, whatever the input's nesting.
 */
function clean(value: unknown, schema: z.ZodMiniType, path: string[], problems: ProblemList): unknown {
  const node = schemaNode(schema);
  if (node.kind === 'array' && Array.isArray(value)) {
    return value.map((v, i) => (node.element ? clean(v, node.element, [...path, String(i)], problems) : v));
  }
  if (node.kind !== 'object' || !isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = HOSTILE_KEYS.has(key) ? undefined : childSchema(schema, key);
    if (!child) {
      const why = HOSTILE_KEYS.has(key) ? `${UNKNOWN_FIELD} (a prototype key)` : UNKNOWN_FIELD;
      problems.add({ field: fieldName([...path, keyText(key)]), message: why, kind: 'unknown' });
      continue;
    }
    out[key] = clean(value[key], child, [...path, key], problems);
  }
  return out;
}

/**
 * Drop the value at `path` so its default applies. An array element that is itself wrong (not an
 * object with a bad field) takes its whole array with it: a hole would only fail again.
 */
function dropAt(data: Record<string, unknown>, path: readonly PropertyKey[]): boolean {
  let parent: unknown = data;
  for (let i = 0; i < path.length - 1; i++) {
    const next = (parent as Record<PropertyKey, unknown>)[path[i] as PropertyKey];
    if (Array.isArray(next) && i === path.length - 2) return dropAt(data, path.slice(0, -1));
    if (next === null || typeof next !== 'object') return false;
    parent = next;
  }
  const last = path[path.length - 1];
  if (last === undefined || !Object.prototype.hasOwnProperty.call(parent, last)) return false;
  delete (parent as Record<PropertyKey, unknown>)[last];
  return true;
}

/**
 * Upgrade older plan formats, before the unknown-key pass (an old key is renamed here, not reported
 * as unknown). Must not mutate its input. Version 1 is the first; future versions add steps here.
 */
export function migrate(raw: Record<string, unknown>): Record<string, unknown> {
  const version = raw.version ?? PLAN_FORMAT_VERSION;
  if (version === PLAN_FORMAT_VERSION) return raw;
  return raw;
}

/** Why this build cannot read the input at all, or null. */
function refusal(input: unknown): PlanProblem | null {
  if (!isRecord(input)) return { field: '(plan)', message: 'expected a JSON object' };
  const version = Object.prototype.hasOwnProperty.call(input, 'version') ? input.version : undefined;
  if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version) || version > PLAN_FORMAT_VERSION || version < 1)) {
    const newer = typeof version === 'number' && version > PLAN_FORMAT_VERSION;
    return {
      field: 'version',
      message: `unsupported plan format version ${JSON.stringify(version)?.slice(0, 40)} (this build reads 1 to ${PLAN_FORMAT_VERSION})${newer ? '; made by a newer Headroom?' : ''}`,
    };
  }
  return null;
}

/**
 * Reset the fields a cross-field rule names (relative to the object holding its flagged field),
 * each reported with the rule. False when the input holds none of them (nothing to reset).
 */
function resetRuleFields(data: Record<string, unknown>, issue: z.core.$ZodIssue, problems: ProblemList): boolean {
  const resets = ruleResets(issue);
  if (!resets) return false;
  const holder = issue.path.slice(0, -1);
  const flagged = String(issue.path[issue.path.length - 1] ?? '');
  // "must be ≥ physical cores (16)" is said of the flagged field; a share-sum message names its fields.
  const rule = /^[a-z]/.test(issue.message) ? `${flagged} ${issue.message}` : issue.message;
  let reset = false;
  for (const rel of resets) {
    const path = [...holder, ...rel];
    if (!dropAt(data, path)) continue;
    problems.add({ field: fieldName(path), message: `${rule}; reset to the default`, kind: 'invalid' });
    reset = true;
  }
  return reset;
}

/**
 * Give the flagged field the value its rule offers (a duplicate kind name becomes `name-2`),
 * reported with the rule. False when the rule offers none or the field's holder is not an object.
 */
function replaceRuleField(data: Record<string, unknown>, issue: z.core.$ZodIssue, problems: ProblemList): boolean {
  const value = ruleReplacement(issue);
  if (value === null) return false;
  let parent: unknown = data;
  for (const key of issue.path.slice(0, -1)) {
    parent = parent !== null && typeof parent === 'object' ? (parent as Record<PropertyKey, unknown>)[key] : undefined;
  }
  const last = issue.path[issue.path.length - 1];
  // The field may be absent (dropped as invalid, or never there): its default is what repeats, so
  // the replacement is set all the same.
  if (last === undefined || parent === null || typeof parent !== 'object' || Array.isArray(parent)) return false;
  (parent as Record<PropertyKey, unknown>)[last] = value;
  problems.add({ field: fieldName(issue.path), message: `${issue.message}; renamed to ${JSON.stringify(value)}`, kind: 'invalid' });
  return true;
}

/** Parse, dropping what the schema rejects, until the plan is valid or nothing more can be dropped. */
function parseDroppingBadFields(data: Record<string, unknown>, problems: ProblemList): Plan | null {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const parsed = planSchema.safeParse(data);
    if (parsed.success) return parsed.data;
    let dropped = false;
    for (const issue of parsed.error.issues) {
      if (replaceRuleField(data, issue, problems) || resetRuleFields(data, issue, problems)) {
        dropped = true;
        continue;
      }
      problems.add(describe(issue));
      if (dropAt(data, issue.path)) {
        dropped = true;
        continue;
      }
      // A cross-field rule about a field the input does not hold (e.g. 16 cores with the default
      // 12 threads): the section it names goes back to its defaults as a whole.
      const section = issue.path[0];
      if (typeof section === 'string' && Object.prototype.hasOwnProperty.call(data, section)) {
        delete data[section];
        problems.add({ field: section, message: 'section reset to defaults', kind: 'invalid' });
        dropped = true;
      }
    }
    if (!dropped) return null;
  }
  return null;
}

export function restorePlan(input: unknown): RestoreResult {
  const refused = refusal(input);
  if (refused) return { ok: false, problems: [refused] };
  const problems = new ProblemList();
  let data: Record<string, unknown>;
  try {
    data = clean(migrate(input as Record<string, unknown>), PLAN_SCHEMA, [], problems) as Record<string, unknown>;
  } catch {
    // A getter that throws, a revoked proxy: not plain JSON data.
    return { ok: false, problems: [{ field: '(plan)', message: 'could not be copied (not plain JSON data)' }] };
  }
  const plan = parseDroppingBadFields(data, problems);
  return plan ? { ok: true, plan, problems: problems.list } : { ok: false, problems: problems.list };
}

/** Parse JSON text into a plan, naming each bad field. */
export function restorePlanFromText(text: string): RestoreResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ field: '(file)', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return restorePlan(json);
}
