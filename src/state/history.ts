/**
 * Undo/redo of plan edits, kept OUTSIDE the plan store: the store holds inputs only, and the
 * history is a list of earlier input snapshots (plans are immutable and structurally shared, so
 * a snapshot costs a few new objects, not a copy of the plan).
 *
 * Every plan change is recorded, except that rapid changes of the same field (a slider drag, key
 * repeat, typing digits) within COALESCE_MS of each other collapse into one entry: one undo returns
 * to where the drag started, not one tick back.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { Plan } from '../plan/schema';
import { usePlanStore, type PlanState } from './plan-store';

export const HISTORY_LIMIT = 100;
export const COALESCE_MS = 500;

export interface HistoryState {
  past: Plan[];
  future: Plan[];
  undo: () => void;
  redo: () => void;
  /** Forget everything (e.g. after opening a link: undo should not go back to the defaults). */
  clear: () => void;
}

export interface HistoryOptions {
  limit?: number;
  coalesceMs?: number;
  now?: () => number;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Dotted paths of the leaves that changed; unchanged branches are skipped by identity. */
export function changedPaths(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (Object.is(a, b)) return out;
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) changedPaths(a[key], b[key], path ? `${path}.${key}` : key, out);
    return out;
  }
  out.push(path);
  return out;
}

/** What an edit touched; the automatic switch of the preset to 'custom' does not count. */
function editKey(prev: Plan, next: Plan): string {
  const paths = changedPaths(prev, next);
  const own = paths.length > 1 ? paths.filter((p) => p !== 'hardware.presetId') : paths;
  return own.sort().join(',');
}

type PlanStore = Pick<StoreApi<PlanState>, 'getState' | 'subscribe'>;

export function createPlanHistory(planStore: PlanStore, options: HistoryOptions = {}): UseBoundStore<StoreApi<HistoryState>> {
  const limit = options.limit ?? HISTORY_LIMIT;
  const coalesceMs = options.coalesceMs ?? COALESCE_MS;
  const now = options.now ?? (() => Date.now());
  let applying = false;
  let lastKey = '';
  let lastAt = -Infinity;

  const history = create<HistoryState>()((set, get) => {
    const move = (from: 'past' | 'future') => {
      const stack = get()[from];
      const target = stack[stack.length - 1];
      if (!target) return;
      const current = planStore.getState().plan;
      applying = true;
      const result = planStore.getState().replacePlan(target);
      applying = false;
      if (!result.ok) return;
      lastKey = '';
      const to = from === 'past' ? 'future' : 'past';
      set({ [from]: stack.slice(0, -1), [to]: [...get()[to], current].slice(-limit) } as Pick<HistoryState, 'past' | 'future'>);
    };
    return {
      past: [],
      future: [],
      undo: () => move('past'),
      redo: () => move('future'),
      clear: () => {
        lastKey = '';
        set({ past: [], future: [] });
      },
    };
  });

  planStore.subscribe((state, prev) => {
    if (applying || state.plan === prev.plan) return;
    const key = editKey(prev.plan, state.plan);
    const t = now();
    const coalesce = key !== '' && key === lastKey && t - lastAt < coalesceMs && history.getState().past.length > 0;
    lastKey = key;
    lastAt = t;
    if (coalesce) {
      if (history.getState().future.length > 0) history.setState({ future: [] });
      return;
    }
    history.setState((h) => ({ past: [...h.past, prev.plan].slice(-limit), future: [] }));
  });
  return history;
}

/** The app's history, following the app's plan store. */
export const useHistory = createPlanHistory(usePlanStore);
