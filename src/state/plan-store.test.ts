/** Plan store rules that span fields, and the edit validation that checks only what changed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setAtPath } from '../plan/fields';
import { defaultPlan } from '../plan/schema';
import { planArb } from '../plan/testing/plan-arb';
import { createPlanStore, validateEdit, validatePlan } from './plan-store';

describe('fleet weights follow the server count', () => {
  it('adding servers pads with weight 1, removing truncates; weights of the wrong length are refused with the message', () => {
    const store = createPlanStore();
    const s = () => store.getState();
    expect(s().setField(['fleet', 'servers'], 3).ok).toBe(true);
    expect(s().setField(['fleet', 'weights'], [3, 1, 2]).ok).toBe(true);
    expect(s().setField(['fleet', 'servers'], 5).ok).toBe(true);
    expect(s().plan.fleet.weights).toEqual([3, 1, 2, 1, 1]);
    expect(s().setField(['fleet', 'servers'], 2).ok).toBe(true);
    expect(s().plan.fleet.weights).toEqual([3, 1]);
    const bad = s().setField(['fleet', 'weights'], [1, 1, 1]);
    expect(bad).toEqual({ ok: false, path: 'fleet.weights', message: "weights: one per server, 1–1000 (nginx's server weight)" });
    expect(s().plan.fleet.weights).toEqual([3, 1]);
  });
});

describe('cores above the threads raise the threads', () => {
  it('keeps the SMT ratio on the main hardware and on a server kind; lowering threads below cores is still refused', () => {
    const store = createPlanStore();
    const s = () => store.getState();
    expect(s().plan.hardware).toMatchObject({ physicalCores: 6, hardwareThreads: 12 });
    expect(s().setField(['hardware', 'physicalCores'], 16).ok).toBe(true);
    expect(s().plan.hardware).toMatchObject({ physicalCores: 16, hardwareThreads: 32 });
    // Below the threads: the threads stay as they are.
    expect(s().setField(['hardware', 'physicalCores'], 8).ok).toBe(true);
    expect(s().plan.hardware).toMatchObject({ physicalCores: 8, hardwareThreads: 32 });
    const lower = s().setField(['hardware', 'hardwareThreads'], 4);
    expect(lower.ok).toBe(false);
    expect(s().plan.hardware.hardwareThreads).toBe(32);
    expect(s().setField(['fleet', 'otherKinds'], [{ name: 'old', servers: 2, physicalCores: 3, hardwareThreads: 6, ramGiB: 32, perCoreSpeed: 1, weight: 1, hourlyPriceUsd: null }]).ok).toBe(true);
    expect(s().setField(['fleet', 'otherKinds', '0', 'physicalCores'], 8).ok).toBe(true);
    expect(s().plan.fleet.otherKinds[0]).toMatchObject({ physicalCores: 8, hardwareThreads: 16 });
    expect(Array.isArray(s().plan.fleet.otherKinds)).toBe(true);
    // Typing "16" into a 6c/12t box passes through "1": still 16c/32t, not 16 × 12.
    expect(s().setField(['hardware', 'physicalCores'], 6).ok).toBe(true);
    expect(s().setField(['hardware', 'hardwareThreads'], 12).ok).toBe(true);
    expect(s().setField(['hardware', 'physicalCores'], 1).ok).toBe(true);
    expect(s().setField(['hardware', 'physicalCores'], 16).ok).toBe(true);
    expect(s().plan.hardware).toMatchObject({ physicalCores: 16, hardwareThreads: 32 });
    // At the schema's limit the threads are capped at 1024.
    expect(s().setField(['hardware', 'physicalCores'], 512).ok).toBe(true);
    expect(s().plan.hardware.hardwareThreads).toBe(1024);
  });
});

/** Every leaf path of a plan (object keys and array indices), e.g. ['fleet', 'otherKinds', '0', 'servers']. */
function leafPaths(value: unknown, path: string[] = [], out: string[][] = []): string[][] {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leafPaths(v, [...path, k], out);
    if (Object.keys(value).length === 0) out.push(path);
  } else out.push(path);
  return out;
}

describe('validateEdit: an edit checked section by section gives the whole schema’s verdict', () => {
  // The fields the cross-field rules read, picked often so those rules fire (threads ≥ cores, one
  // weight per server, min ≤ max spare servers); any other leaf of the plan otherwise.
  const CROSS = [['hardware', 'hardwareThreads'], ['hardware', 'physicalCores'], ['pins', 'fpmMinSpareServers'], ['pins', 'fpmMaxSpareServers'], ['fleet', 'servers']];
  const path = fc.oneof(fc.constantFrom(...CROSS), fc.nat().map((i) => ({ leaf: i })));
  // Near the old value (mostly valid) or anything at all (mostly refused by the field's own section).
  const value = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 4 }), fc.constant(null), fc.boolean(), fc.constant(undefined), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 })));
  const edits = fc.array(fc.tuple(path, value), { minLength: 1, maxLength: 3 });

  it('random edits (1–3 leaves) of random valid plans: the same ok, message and field as planSchema', () => {
    const verdicts = { ok: 0, section: 0, cross: 0 };
    fc.assert(
      fc.property(planArb, edits, (plan, changes) => {
        const paths = leafPaths(plan);
        let candidate = plan;
        for (const [p, v] of changes) candidate = setAtPath(candidate, Array.isArray(p) ? p : paths[p.leaf % paths.length]!, v);
        const whole = validatePlan(candidate);
        verdicts[whole.ok ? 'ok' : /^(must be ≥|weights:|servers of all kinds)/.test(whole.message) ? 'cross' : 'section']++;
        expect(validateEdit(plan, candidate)).toEqual(whole);
      }),
      { numRuns: 150, seed: 20261201 },
    );
    // The edits must reach every kind of verdict for the comparison to mean anything.
    expect(verdicts.ok).toBeGreaterThan(8);
    expect(verdicts.section).toBeGreaterThan(8);
    expect(verdicts.cross).toBeGreaterThan(8);
  });

  it('a cross-field rule is still enforced when only one section changed, and an unknown key takes the whole parse', () => {
    const plan = defaultPlan();
    const lower = setAtPath(plan, ['hardware', 'hardwareThreads'], 2);
    expect(validateEdit(plan, lower)).toEqual({ ok: false, path: 'hardware.hardwareThreads', message: 'must be ≥ physical cores (6)' });
    const minOverMax = setAtPath(setAtPath(plan, ['pins', 'fpmMinSpareServers'], 9), ['pins', 'fpmMaxSpareServers'], 3);
    expect(validateEdit(plan, minOverMax)).toMatchObject({ ok: false, path: 'pins.fpmMaxSpareServers' });
    const unknown = { ...plan, extra: 1 } as unknown as typeof plan;
    expect(validateEdit(plan, unknown)).toEqual(validatePlan(unknown));
  });
});
