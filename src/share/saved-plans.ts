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
import { fieldSchema } from '../plan/fields';

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
  /**
   * Entries this build cannot use — not a saved plan, a plan of a newer format, a duplicate id,
   * past the MAX_SAVED_PLANS shown — written back untouched on every save: never dropped.
   */
  kept: unknown[];
  /** The stored text when this build cannot read the list at all (not JSON, a newer list format). */
  unreadable: string | null;
}

/** What a write must keep besides the plans it shows. */
export type StoredExtras = Pick<LoadResult, 'kept' | 'unreadable'>;

/** The subset of the Web Storage API used here (tests pass a Map-backed fake). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * The stored JSON of each entry as read. An entry the user did not change is written back as it
 * was, so fields this build does not know (from a newer Headroom) survive a save of another plan.
 */
const originals = new WeakMap<SavedPlan, Record<string, unknown>>();

const LIST = '(saved plans)';
const listUnreadable = (text: string, why: string): LoadResult => ({
  plans: [],
  problems: [{ field: LIST, message: `${why}; nothing was changed, and the next save first moves it to its own key (${UNREADABLE_KEY}…) so no plan is lost` }],
  kept: [],
  unreadable: text,
});

/** Problems of one restored entry, named by the entry: unknown fields are kept in storage, bad ones reset. */
function entryProblems(name: string, problems: readonly PlanProblem[]): PlanProblem[] {
  return problems.map((p) => ({
    ...p,
    field: `"${name}" ${p.field}`,
    message: p.kind === 'unknown' ? `${p.message} (not used here; kept in storage)` : `${p.message} (reset to the default)`,
  }));
}

/** Parse the stored text (null = nothing stored yet). */
export function parseSavedPlans(text: string | null): LoadResult {
  if (text === null) return { plans: [], problems: [], kept: [], unreadable: null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return listUnreadable(text, 'the stored list is not valid JSON');
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) return listUnreadable(text, 'the stored list is not in a format this build reads (written by a newer Headroom?)');
  const result: LoadResult = { plans: [], problems: [], kept: [], unreadable: null };
  const ids = new Set<string>();
  file.data.plans.forEach((raw, i) => {
    const kept = (message: string, field = `saved plan #${i + 1}`) => {
      result.kept.push(raw);
      result.problems.push({ field, message: `${message}; kept in storage, not shown` });
    };
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) return kept('not a saved plan (missing or invalid id, name or date)');
    const { id, name, savedAt } = entry.data;
    if (ids.has(id)) return kept('duplicate entry', `"${name}"`);
    if (result.plans.length >= MAX_SAVED_PLANS) return kept(`past the ${MAX_SAVED_PLANS} plans this list shows`, `"${name}"`);
    const restored = restorePlan(entry.data.plan);
    if (!restored.ok) return kept(`unreadable plan (${restored.problems.map((p) => `${p.field}: ${p.message}`).join('; ')})`, `"${name}"`);
    result.problems.push(...entryProblems(name, restored.problems));
    ids.add(id);
    const saved: SavedPlan = { id, name, savedAt, plan: restored.plan };
    originals.set(saved, raw as Record<string, unknown>);
    result.plans.push(saved);
  });
  return result;
}

/** A changed copy of a saved entry that keeps the stored fields this build does not know (a rename). */
export function withName(entry: SavedPlan, name: string): SavedPlan {
  const next = { ...entry, name };
  const raw = originals.get(entry);
  if (raw) originals.set(next, { ...raw, name });
  return next;
}

export function serializeSavedPlans(plans: readonly SavedPlan[], kept: readonly unknown[] = []): string {
  return JSON.stringify({ version: 1, plans: [...plans.map((p) => originals.get(p) ?? p), ...kept] });
}

/** Read and parse; a storage that throws (disabled, sandboxed) reads as empty with a note. */
export function readSavedPlans(storage: KeyValueStorage | null): LoadResult {
  if (!storage) return { plans: [], problems: [{ field: LIST, message: 'this browser does not allow local storage here; plans cannot be saved' }], kept: [], unreadable: null };
  try {
    return parseSavedPlans(storage.getItem(SAVED_PLANS_KEY));
  } catch {
    return { plans: [], problems: [{ field: LIST, message: 'local storage could not be read' }], kept: [], unreadable: null };
  }
}

/** Where a stored list this build cannot read is moved before the first write (…, …-2, …-3). */
export const UNREADABLE_KEY = `${SAVED_PLANS_KEY}.unreadable`;

function freeBackupKey(storage: KeyValueStorage): string {
  for (let n = 1; n <= 1000; n++) {
    const key = n === 1 ? UNREADABLE_KEY : `${UNREADABLE_KEY}-${n}`;
    if (storage.getItem(key) === null) return key;
  }
  // Never overwrite a backup: the write fails (and changes nothing) instead.
  throw new Error(`no free backup key (${UNREADABLE_KEY} to ${UNREADABLE_KEY}-1000 are all used)`);
}

export interface WriteResult {
  /** null when written. On an error NOTHING was changed: the caller keeps its previous list. */
  error: string | null;
  /** The key the unreadable stored list was moved to, if this write moved it. */
  movedTo: string | null;
}

/** Write the list (plus the entries it keeps); returns an error message instead of throwing (quota exceeded, storage disabled). */
export function writeSavedPlans(storage: KeyValueStorage | null, plans: readonly SavedPlan[], extras: StoredExtras = { kept: [], unreadable: null }): WriteResult {
  if (!storage) return { error: 'local storage is not available; nothing was saved', movedTo: null };
  let movedTo: string | null = null;
  try {
    if (extras.unreadable !== null) {
      movedTo = freeBackupKey(storage);
      storage.setItem(movedTo, extras.unreadable);
    }
    storage.setItem(SAVED_PLANS_KEY, serializeSavedPlans(plans, extras.kept));
    return { error: null, movedTo };
  } catch (e) {
    const full = e instanceof Error && /quota/i.test(`${e.name} ${e.message}`);
    // The backup (if written) stays: the stored list is untouched either way.
    return { error: `could not save${full ? ': the browser storage for this site is full' : ''} (${(e as Error).message}); nothing was changed`, movedTo: null };
  }
}

/**
 * The plan a saved entry opens: under the entry's own name (it may have been renamed in the list),
 * so the header and the list say the same name (issue 15: one plan name). A list name the plan
 * schema refuses (older entries allowed any text) leaves the plan's own name.
 */
export function planOfEntry(entry: SavedPlan): Plan {
  if (entry.plan.name === entry.name) return entry.plan;
  return fieldSchema(['name'])?.safeParse(entry.name).success ? { ...entry.plan, name: entry.name } : entry.plan;
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
