/**
 * Saved plans (named snapshots of the plan inputs), shared by the saved-plans and compare features.
 * Persisted to localStorage on every change; read (and validated) once, lazily, on first use.
 *
 * Never loses a user's work: a change is shown only once it is written (a full storage leaves the
 * list as it was, with the message); entries this build cannot read are written back untouched;
 * a stored list it cannot read at all is moved to its own key before the first write.
 */
import { create } from 'zustand';
import type { PlanProblem } from '../plan/restore';
import type { Plan } from '../plan/schema';
import { cleanName, copyName, MAX_SAVED_PLANS, readSavedPlans, withName, writeSavedPlans, type KeyValueStorage, type SavedPlan, type StoredExtras } from '../share/saved-plans';

export interface SavedPlansState {
  loaded: boolean;
  plans: SavedPlan[];
  /** Problems found when reading storage (corrupt or foreign entries that were skipped). */
  loadProblems: PlanProblem[];
  /** The last write error (e.g. quota exceeded), or null. The list is then unchanged. */
  writeError: string | null;
  /** Something a write did that the user should know (an unreadable list moved to a backup key). */
  notice: string | null;
  /** Stored data this build cannot use, kept on every write (see src/share/saved-plans.ts). */
  extras: StoredExtras;
  load: () => void;
  /** The new entry, or null when it could not be written (see writeError). */
  save: (name: string, plan: Plan) => SavedPlan | null;
  rename: (id: string, name: string) => void;
  duplicate: (id: string) => SavedPlan | null;
  remove: (id: string) => void;
  dismissProblems: () => void;
}

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function newId(): string {
  const c = globalThis.crypto;
  return c && typeof c.randomUUID === 'function' ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function createSavedPlansStore(storage: () => KeyValueStorage | null = browserStorage, now: () => Date = () => new Date()) {
  return create<SavedPlansState>()((set, get) => {
    /** Write first; show the new list only when it is stored (a failed write leaves everything as it was). */
    const commit = (plans: SavedPlan[]): boolean => {
      const { extras } = get();
      const written = writeSavedPlans(storage(), plans, extras);
      if (written.error !== null) {
        set({ writeError: written.error });
        return false;
      }
      const notice = written.movedTo
        ? `The saved list this build could not read was moved to the local storage key "${written.movedTo}" (nothing was deleted).`
        : get().notice;
      set({ plans, writeError: null, notice, extras: { kept: extras.kept, unreadable: null } });
      return true;
    };
    const ensure = () => {
      if (!get().loaded) get().load();
    };
    const roomFor = (): boolean => {
      if (get().plans.length < MAX_SAVED_PLANS) return true;
      set({ writeError: `The list holds ${MAX_SAVED_PLANS} plans, the most it shows: delete one to save another. Nothing was changed.` });
      return false;
    };
    return {
      loaded: false,
      plans: [],
      loadProblems: [],
      writeError: null,
      notice: null,
      extras: { kept: [], unreadable: null },
      load: () => {
        const { plans, problems, kept, unreadable } = readSavedPlans(storage());
        set({ loaded: true, plans, loadProblems: problems, extras: { kept, unreadable } });
      },
      save: (name, plan) => {
        ensure();
        if (!roomFor()) return null;
        const entry: SavedPlan = { id: newId(), name: cleanName(name), savedAt: now().toISOString(), plan };
        return commit([...get().plans, entry]) ? entry : null;
      },
      rename: (id, name) => {
        ensure();
        commit(get().plans.map((p) => (p.id === id ? withName(p, cleanName(name, p.name)) : p)));
      },
      duplicate: (id) => {
        ensure();
        const source = get().plans.find((p) => p.id === id);
        if (!source || !roomFor()) return null;
        const entry: SavedPlan = { ...source, id: newId(), name: copyName(source.name, new Set(get().plans.map((p) => p.name))), savedAt: now().toISOString() };
        return commit([...get().plans, entry]) ? entry : null;
      },
      remove: (id) => {
        ensure();
        commit(get().plans.filter((p) => p.id !== id));
      },
      dismissProblems: () => set({ loadProblems: [] }),
    };
  });
}

export const useSavedPlans = createSavedPlansStore();
