/** Undo/redo over a real plan store: bounded, coalescing, and never storing derived data. */
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultPlan, type Plan } from '../plan/schema';
import { setAtPath } from '../plan/fields';
import { changedPaths, createPlanHistory } from './history';
import { createPlanStore } from './plan-store';

let clock = 0;
let store: ReturnType<typeof createPlanStore>;
let history: ReturnType<typeof createPlanHistory>;
const cores = () => store.getState().plan.hardware.physicalCores;

beforeEach(() => {
  clock = 0;
  store = createPlanStore();
  history = createPlanHistory(store, { limit: 5, coalesceMs: 500, now: () => clock });
});

describe('undo/redo', () => {
  it('undoes and redoes single edits', () => {
    store.getState().setField(['hardware', 'physicalCores'], 8);
    clock += 1000;
    store.getState().setField(['workload', 'sloMs'], 300);
    expect(history.getState().past).toHaveLength(2);
    history.getState().undo();
    expect(store.getState().plan.workload.sloMs).toBe(250);
    expect(cores()).toBe(8);
    history.getState().undo();
    expect(store.getState().plan).toEqual(defaultPlan());
    history.getState().undo(); // nothing left: no-op
    history.getState().redo();
    history.getState().redo();
    expect(cores()).toBe(8);
    expect(store.getState().plan.workload.sloMs).toBe(300);
    expect(history.getState().future).toHaveLength(0);
  });

  it('coalesces rapid moves of the same field into one entry (a slider drag)', () => {
    for (let c = 7; c <= 11; c++) {
      store.getState().setField(['hardware', 'physicalCores'], c);
      clock += 100;
    }
    expect(history.getState().past).toHaveLength(1);
    history.getState().undo();
    expect(cores()).toBe(6);
    expect(store.getState().plan.hardware.presetId).toBe(defaultPlan().hardware.presetId);
  });

  it('does not coalesce after a pause, or across different fields', () => {
    store.getState().setField(['hardware', 'physicalCores'], 7);
    clock += 600;
    store.getState().setField(['hardware', 'physicalCores'], 8);
    clock += 100;
    store.getState().setField(['workload', 'cpuMs'], 30);
    clock += 100;
    store.getState().setField(['hardware', 'physicalCores'], 9);
    expect(history.getState().past).toHaveLength(4);
  });

  it('a new edit after undo clears the redo stack', () => {
    store.getState().setField(['hardware', 'physicalCores'], 8);
    history.getState().undo();
    expect(history.getState().future).toHaveLength(1);
    clock += 1000;
    store.getState().setField(['workload', 'cpuMs'], 30);
    expect(history.getState().future).toHaveLength(0);
  });

  it('is bounded', () => {
    for (let i = 0; i < 20; i++) {
      clock += 1000;
      store.getState().setField(['workload', 'sloMs'], 100 + i);
    }
    expect(history.getState().past).toHaveLength(5);
    for (let i = 0; i < 10; i++) history.getState().undo();
    expect(store.getState().plan.workload.sloMs).toBe(114);
  });

  it('rejected edits leave no entry; clear() forgets everything', () => {
    expect(store.getState().setField(['workload', 'cpuMs'], -1).ok).toBe(false);
    expect(history.getState().past).toHaveLength(0);
    store.getState().setField(['workload', 'cpuMs'], 30);
    history.getState().clear();
    expect(history.getState().past).toHaveLength(0);
  });

  it('holds plans only (inputs), no derived numbers', () => {
    store.getState().setField(['workload', 'cpuMs'], 30);
    const entry = history.getState().past[0] as Plan;
    expect(Object.keys(entry).sort()).toEqual(Object.keys(defaultPlan()).sort());
  });
});

describe('changedPaths', () => {
  it('lists changed leaves only', () => {
    const a = defaultPlan();
    const b = setAtPath(setAtPath(a, ['hardware', 'physicalCores'], 8), ['pins', 'gunicornWorkers'], 3);
    expect(changedPaths(a, b)).toEqual(['hardware.physicalCores', 'pins.gunicornWorkers']);
    expect(changedPaths(a, a)).toEqual([]);
  });
});
