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
