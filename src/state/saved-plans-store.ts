/**
 * Saved plans (named snapshots of the plan inputs), shared by the saved-plans and compare features.
 * Persisted to localStorage on every change; read (and validated) once, lazily, on first use.
 */
import { create } from 'zustand';
import type { PlanProblem } from '../plan/restore';
import type { Plan } from '../plan/schema';
import { cleanName, copyName, readSavedPlans, writeSavedPlans, type KeyValueStorage, type SavedPlan } from '../share/saved-plans';

export interface SavedPlansState {
  loaded: boolean;
  plans: SavedPlan[];
  /** Problems found when reading storage (corrupt or foreign entries that were skipped). */
  loadProblems: PlanProblem[];
  /** The last write error (e.g. quota exceeded), or null. */
  writeError: string | null;
  load: () => void;
  save: (name: string, plan: Plan) => SavedPlan;
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
    const commit = (plans: SavedPlan[]) => set({ plans, writeError: writeSavedPlans(storage(), plans) });
    const ensure = () => {
      if (!get().loaded) get().load();
    };
    return {
      loaded: false,
      plans: [],
      loadProblems: [],
      writeError: null,
      load: () => {
        const { plans, problems } = readSavedPlans(storage());
        set({ loaded: true, plans, loadProblems: problems });
      },
      save: (name, plan) => {
        ensure();
        const entry: SavedPlan = { id: newId(), name: cleanName(name), savedAt: now().toISOString(), plan };
        commit([...get().plans, entry]);
        return entry;
      },
      rename: (id, name) => {
        ensure();
        commit(get().plans.map((p) => (p.id === id ? { ...p, name: cleanName(name, p.name) } : p)));
      },
      duplicate: (id) => {
        ensure();
        const source = get().plans.find((p) => p.id === id);
        if (!source) return null;
        const entry: SavedPlan = { ...source, id: newId(), name: copyName(source.name, new Set(get().plans.map((p) => p.name))), savedAt: now().toISOString() };
        commit([...get().plans, entry]);
        return entry;
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
