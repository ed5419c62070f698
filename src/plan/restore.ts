/**
 * Rebuild a plan from untrusted data (a file, a link, localStorage): migrate old formats, parse
 * with the schema, and when some fields are bad, drop just those (they fall back to defaults)
 * and report each one with its limit. Never throws.
 */
import type * as z from 'zod/mini';
import { planSchema, PLAN_FORMAT_VERSION, type Plan } from './schema';

export interface PlanProblem {
  /** Dotted path, e.g. `workload.cpuMs`. */
  field: string;
  message: string;
}

export type RestoreResult =
  | { ok: true; plan: Plan; problems: PlanProblem[] }
  | { ok: false; problems: PlanProblem[] };

function describe(issue: z.core.$ZodIssue): PlanProblem {
  const field = issue.path.map(String).join('.') || '(plan)';
  let message = issue.message;
  if (issue.code === 'too_small') message = `must be at least ${String(issue.minimum)}`;
  else if (issue.code === 'too_big') message = `must be at most ${String(issue.maximum)}`;
  else if (issue.code === 'invalid_type') message = `expected ${issue.expected}`;
  else if (issue.code === 'invalid_value') message = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return { field, message };
}

function deleteAtPath(obj: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0 || obj === null || typeof obj !== 'object') return false;
  const [head, ...rest] = path;
  const rec = obj as Record<PropertyKey, unknown>;
  if (rest.length === 0) {
    if (head !== undefined && head in rec) {
      delete rec[head];
      return true;
    }
    return false;
  }
  return head !== undefined && deleteAtPath(rec[head], rest);
}

/** Upgrade older plan formats. Version 1 is the first; future versions add steps here. */
export function migrate(raw: Record<string, unknown>): Record<string, unknown> {
  const version = raw.version ?? PLAN_FORMAT_VERSION;
  if (version === PLAN_FORMAT_VERSION) return raw;
  return raw;
}

export function restorePlan(input: unknown): RestoreResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problems: [{ field: '(plan)', message: 'expected a JSON object' }] };
  }
  const version = (input as Record<string, unknown>).version;
  if (version !== undefined && (typeof version !== 'number' || version > PLAN_FORMAT_VERSION || version < 1)) {
    return {
      ok: false,
      problems: [{ field: 'version', message: `unsupported plan format version ${JSON.stringify(version)} (this build reads 1 to ${PLAN_FORMAT_VERSION})` }],
    };
  }
  let data: Record<string, unknown>;
  try {
    data = migrate(structuredClone(input) as Record<string, unknown>);
  } catch {
    return { ok: false, problems: [{ field: '(plan)', message: 'could not be copied (not plain JSON data)' }] };
  }
  const problems: PlanProblem[] = [];
  // Each round drops the offending fields; a field's default then applies. Bounded: each round
  // removes at least one key or gives up.
  for (let round = 0; round < 50; round++) {
    const parsed = planSchema.safeParse(data);
    if (parsed.success) return { ok: true, plan: parsed.data, problems };
    let removed = false;
    for (const issue of parsed.error.issues) {
      problems.push(describe(issue));
      if (issue.path.length > 0 && deleteAtPath(data, issue.path)) removed = true;
    }
    if (!removed) break;
  }
  return { ok: false, problems };
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
