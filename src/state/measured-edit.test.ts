/** Editing a calibrated field by hand drops its "measured" mark (issue 14); the plan store does it. */
import { describe, expect, it } from 'vitest';
import { planSchema } from '../plan/schema';
import { MEASURED_MEMORY as MEMORY, MEASURED_SWEEP as SWEEP, withMeasured } from '../plan/testing/measured-examples';
import { createPlanStore } from './plan-store';

describe('plan.measured: editing a calibrated field by hand', () => {
  const start = () => {
    const store = createPlanStore();
    expect(store.getState().replacePlan(planSchema.parse(withMeasured([SWEEP, MEMORY]))).ok).toBe(true);
    return store;
  };

  it('drops its measured mark and keeps the others', () => {
    const store = start();
    expect(store.getState().setField(['workload', 'cpuMs'], 31).ok).toBe(true);
    expect(store.getState().plan.measured).toEqual([{ ...SWEEP, fields: ['workload.ioWaitMs'] }, MEMORY]);
    expect(store.getState().setField(['phpfpm', 'childMemMiB'], 70).ok).toBe(true);
    expect(store.getState().plan.measured).toEqual([{ ...SWEEP, fields: ['workload.ioWaitMs'] }]);
  });

  it('keeps it when another field changes, or the same value is set again', () => {
    const store = start();
    const before = store.getState().plan.measured;
    expect(store.getState().setField(['workload', 'sloMs'], 400).ok).toBe(true);
    expect(store.getState().setField(['workload', 'cpuMs'], store.getState().plan.workload.cpuMs).ok).toBe(true);
    expect(store.getState().plan.measured).toBe(before);
  });

  it('a rejected edit changes nothing, the mark included', () => {
    const store = start();
    expect(store.getState().setField(['workload', 'cpuMs'], -1).ok).toBe(false);
    expect(store.getState().plan.measured).toEqual([SWEEP, MEMORY]);
  });
});
