/** Plan store rules that span fields. */
import { describe, expect, it } from 'vitest';
import { createPlanStore } from './plan-store';

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
