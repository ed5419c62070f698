/**
 * The plan store: INPUTS ONLY. It holds the last valid plan and the actions that change it.
 * Derived numbers are never stored here; they come from `useAnalysis(clock, select)` (./use-analysis.ts).
 *
 * Every action validates the candidate plan with the schema before committing, so the store can
 * never hold a plan the engine was not designed for (cross-field rules such as "hardware threads
 * ≥ physical cores" live in planCrossFieldIssues). An edit is checked by `validateEdit`: only the
 * sections it changed, then the cross-field rules — the same verdict as the whole schema, at a
 * keypress's budget. A rejected change returns the message and leaves the last valid plan in place.
 */
import { create } from 'zustand';
import { defaultPlan, PLAN_SECTION_SCHEMAS, planCrossFieldIssues, planSchema, type Plan, type PlanIssue, type Pins } from '../plan/schema';
import { getAtPath, setAtPath } from '../plan/fields';
import { dropMeasured } from '../plan/measured';
import { CUSTOM_PRESET_ID, findPreset } from '../plan/presets';

/** A rejected change names the field the schema objected to (it may differ from the edited one). */
export type ChangeResult = { ok: true } | { ok: false; message: string; path: string };

export interface PlanState {
  plan: Plan;
  /** Set one leaf field, e.g. (['workload', 'cpuMs'], 30). Hardware edits switch the preset to 'custom'. */
  setField: (path: readonly string[], value: unknown) => ChangeResult;
  applyPreset: (id: string) => ChangeResult;
  /** Pin a recommended setting (what-if); null returns to the recommendation. */
  pin: (key: keyof Pins, value: number | null) => ChangeResult;
  /** Replace the whole plan (e.g. restored from a file); it is validated like any change. */
  replacePlan: (plan: Plan) => ChangeResult;
  reset: () => void;
  /**
   * Counts whole-plan replacements (reset, undo/redo, an opened link or saved plan). Not derived
   * data: fields use it to drop text the user typed but that never became valid, which would
   * otherwise survive a reset because the stored value did not change.
   */
  loads: number;
}

const rejected = (issue: PlanIssue | undefined): ChangeResult => ({ ok: false, message: issue?.message ?? 'invalid plan', path: issue ? issue.path.map(String).join('.') : '' });

/** Validate a whole candidate; zod returns a copy, but we keep the candidate for structural sharing. */
export function validatePlan(candidate: Plan): ChangeResult {
  const parsed = planSchema.safeParse(candidate);
  return parsed.success ? { ok: true } : rejected(parsed.error.issues[0] as PlanIssue | undefined);
}

const SECTION_KEYS = Object.keys(PLAN_SECTION_SCHEMAS);

/**
 * Validate an edit of a valid plan: the sections it changed (by identity — setAtPath shares every
 * other section with `before`), in the schema's key order, then the cross-field rules on the
 * whole candidate. The unchanged sections passed the schema already, so this is planSchema's
 * verdict and first issue (plan-store.test.ts checks it on random edits) without re-parsing them:
 * in the browser zod runs without its JIT (src/zod-jitless.ts) and a whole parse took ~5 ms of
 * a keypress's 16 ms frame at 1× (issue 16). A key the schema does not know takes the whole parse.
 */
export function validateEdit(before: Plan, candidate: Plan): ChangeResult {
  const b = before as unknown as Record<string, unknown>;
  const c = candidate as unknown as Record<string, unknown>;
  if (Object.keys(c).some((k) => !Object.prototype.hasOwnProperty.call(PLAN_SECTION_SCHEMAS, k))) return validatePlan(candidate);
  for (const key of SECTION_KEYS) {
    if (Object.is(b[key], c[key])) continue;
    const parsed = PLAN_SECTION_SCHEMAS[key]!.safeParse(c[key]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return rejected(issue ? { message: issue.message, path: [key, ...(issue.path as (string | number)[])] } : undefined);
    }
  }
  const cross = planCrossFieldIssues(candidate);
  return cross.length === 0 ? { ok: true } : rejected(cross[0]);
}

/** A new, independent plan store (the app uses one, `usePlanStore`; tests make their own). */
export const createPlanStore = () =>
  create<PlanState>()((set, get) => {
  const commit = (candidate: Plan): ChangeResult => {
    const result = validateEdit(get().plan, candidate);
    if (result.ok) set({ plan: candidate });
    return result;
  };
  return {
    plan: defaultPlan(),
    setField: (path, value) => {
      const before = get().plan;
      let next = setAtPath(before, path, value);
      // A calibrated value typed over by hand is no longer measured: its "measured" mark goes.
      if (getAtPath(before, path) !== value) {
        const measured = dropMeasured(before.measured, path.join('.'));
        if (measured !== before.measured) next = { ...next, measured: [...measured] };
      }
      // Editing a hardware number makes it custom hardware: neither the preset nor the catalog entry
      // describes it any more. The SMT gain is a model assumption, not hardware, so it keeps both.
      if (path[0] === 'hardware' && path[1] !== 'presetId' && path[1] !== 'catalogId' && path[1] !== 'smtGain') {
        next = setAtPath(next, ['hardware', 'presetId'], CUSTOM_PRESET_ID);
        next = setAtPath(next, ['hardware', 'catalogId'], null);
      }
      // More physical cores than hardware threads is impossible: raising the cores above the threads
      // raises the threads too, keeping the SMT ratio (6c/12t → 16c/32t), instead of refusing the edit.
      if (path[path.length - 1] === 'physicalCores' && typeof value === 'number' && Number.isInteger(value)) {
        const hwPath = path.slice(0, -1);
        const before = getAtPath(get().plan, hwPath) as { physicalCores?: number; hardwareThreads?: number } | undefined;
        if (before && typeof before.hardwareThreads === 'number' && typeof before.physicalCores === 'number' && value > before.hardwareThreads) {
          // Capped at 2 (SMT2): typing "16" passes through "1" (1 core, 12 threads), whose ratio means nothing.
          const ratio = Math.min(2, before.physicalCores > 0 ? before.hardwareThreads / before.physicalCores : 1);
          next = setAtPath(next, [...hwPath, 'hardwareThreads'], Math.min(1024, Math.max(value, Math.round(value * ratio))));
        }
      }
      // Weights are one per server: changing the server count keeps them in step (new servers weight 1).
      const weights = next.fleet.weights;
      if (path[0] === 'fleet' && path[1] === 'servers' && weights !== null && typeof value === 'number' && Number.isInteger(value) && value >= 1) {
        next = setAtPath(next, ['fleet', 'weights'], Array.from({ length: value }, (_, i) => weights[i] ?? 1));
      }
      return commit(next);
    },
    applyPreset: (id) => {
      const plan = get().plan;
      if (id === CUSTOM_PRESET_ID) return commit(setAtPath(plan, ['hardware', 'presetId'], id));
      const preset = findPreset(id);
      if (!preset) return { ok: false, message: `unknown preset ${id}`, path: 'hardware.presetId' };
      return commit({
        ...plan,
        hardware: {
          ...plan.hardware,
          catalogId: null,
          presetId: preset.id,
          physicalCores: preset.physicalCores,
          hardwareThreads: preset.hardwareThreads,
          ramGiB: preset.ramGiB,
          perCoreSpeed: preset.perCoreSpeed,
        },
      });
    },
    pin: (key, value) => commit(setAtPath(get().plan, ['pins', key], value)),
    replacePlan: (plan) => {
      const result = validatePlan(plan);
      if (result.ok) set((s) => ({ plan, loads: s.loads + 1 }));
      return result;
    },
    reset: () => set((s) => ({ plan: defaultPlan(), loads: s.loads + 1 })),
    loads: 0,
  };
});

export const usePlanStore = createPlanStore();
