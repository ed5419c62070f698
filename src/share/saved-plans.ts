/**
 * Saved plans in localStorage, parsed on every read: the stored JSON is untrusted (another tab, an
 * older build, a browser extension, a user with devtools). Corrupt or foreign entries are reported
 * and skipped — they never break the app — and each plan goes through restorePlan like a link.
 *
 * Plans are stored whole (not as a diff against the defaults, unlike links): a saved plan is a
 * snapshot and must not change when a later build improves a default.
 */
import * as z from 'zod/mini';
import { restorePlan, type PlanProblem } from '../plan/restore';
import type { Plan } from '../plan/schema';

export const SAVED_PLANS_KEY = 'headroom.saved.v1';
export const MAX_SAVED_PLANS = 200;
export const MAX_NAME_CHARS = 80;

export interface SavedPlan {
  id: string;
  name: string;
  /** ISO date-time. */
  savedAt: string;
  plan: Plan;
}

const entrySchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.minLength(1), z.maxLength(MAX_NAME_CHARS)),
  savedAt: z.string().check(z.maxLength(40)),
  plan: z.unknown(),
});
const fileSchema = z.object({ version: z.literal(1), plans: z.array(z.unknown()) });

export interface LoadResult {
  plans: SavedPlan[];
  problems: PlanProblem[];
}

/** The subset of the Web Storage API used here (tests pass a Map-backed fake). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Parse the stored text (null = nothing stored yet). */
export function parseSavedPlans(text: string | null): LoadResult {
  if (text === null) return { plans: [], problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { plans: [], problems: [{ field: '(saved plans)', message: 'the stored list is not valid JSON; it was ignored' }] };
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) return { plans: [], problems: [{ field: '(saved plans)', message: 'the stored list is not in a format this build reads; it was ignored' }] };
  const plans: SavedPlan[] = [];
  const problems: PlanProblem[] = [];
  const ids = new Set<string>();
  file.data.plans.slice(0, MAX_SAVED_PLANS).forEach((raw, i) => {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) {
      problems.push({ field: `saved plan #${i + 1}`, message: 'not a saved plan (missing or invalid id, name or date); skipped' });
      return;
    }
    const { id, name, savedAt } = entry.data;
    if (ids.has(id)) {
      problems.push({ field: `"${name}"`, message: 'duplicate entry; skipped' });
      return;
    }
    const restored = restorePlan(entry.data.plan);
    if (!restored.ok) {
      problems.push({ field: `"${name}"`, message: `unreadable plan (${restored.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}); skipped` });
      return;
    }
    for (const p of restored.problems) problems.push({ field: `"${name}" ${p.field}`, message: `${p.message} (reset to the default)` });
    ids.add(id);
    plans.push({ id, name, savedAt, plan: restored.plan });
  });
  return { plans, problems };
}

export function serializeSavedPlans(plans: readonly SavedPlan[]): string {
  return JSON.stringify({ version: 1, plans });
}

/** Read and parse; a storage that throws (disabled, sandboxed) reads as empty with a note. */
export function readSavedPlans(storage: KeyValueStorage | null): LoadResult {
  if (!storage) return { plans: [], problems: [{ field: '(saved plans)', message: 'this browser does not allow local storage here; plans cannot be saved' }] };
  try {
    return parseSavedPlans(storage.getItem(SAVED_PLANS_KEY));
  } catch {
    return { plans: [], problems: [{ field: '(saved plans)', message: 'local storage could not be read' }] };
  }
}

/** Write; returns an error message instead of throwing (quota exceeded, storage disabled). */
export function writeSavedPlans(storage: KeyValueStorage | null, plans: readonly SavedPlan[]): string | null {
  if (!storage) return 'local storage is not available';
  try {
    storage.setItem(SAVED_PLANS_KEY, serializeSavedPlans(plans));
    return null;
  } catch (e) {
    return `could not save: ${(e as Error).message}`;
  }
}

/** A plan name for a saved entry: trimmed, shortened, never empty. */
export function cleanName(name: string, fallback = 'Untitled plan'): string {
  const n = name.trim().slice(0, MAX_NAME_CHARS);
  return n === '' ? fallback : n;
}

/** "Shop" → "Shop (copy)", "Shop (copy)" → "Shop (copy 2)", … avoiding names already used. */
export function copyName(name: string, taken: ReadonlySet<string>): string {
  const base = name.replace(/ \(copy(?: \d+)?\)$/, '');
  for (let n = 1; n < 1000; n++) {
    const candidate = cleanName(`${base} (copy${n === 1 ? '' : ` ${n}`})`);
    if (!taken.has(candidate)) return candidate;
  }
  return cleanName(`${base} (copy)`);
}
