/** plan.measured (issue 14) survives a share link and a saved plan, hostile file names included. */
import { describe, expect, it } from 'vitest';
import { safeFileName } from '../plan/measured';
import { planSchema, type Plan } from '../plan/schema';
import { HOSTILE_FILE_NAMES as HOSTILE, MEASURED_MEMORY as MEMORY, MEASURED_SWEEP as SWEEP, withMeasured } from '../plan/testing/measured-examples';
import { decodeLink, encodePlan } from './link-codec';
import { parseSavedPlans, serializeSavedPlans, type SavedPlan } from './saved-plans';

describe('plan.measured: share links and saved plans', () => {
  const plan: Plan = planSchema.parse(withMeasured([SWEEP, { ...MEMORY, files: HOSTILE.map(safeFileName) }]));

  it('a share link carries it', () => {
    const r = decodeLink(`https://headroom.example/#p=${encodePlan(plan)}`);
    expect(r.problems).toEqual([]);
    expect(r.plan).toEqual(plan);
    expect(r.plan.measured[1]?.files).toContain('`rm -rf ~`.txt');
  });

  it('a saved plan keeps it', () => {
    const saved: SavedPlan[] = [{ id: 'a', name: 'Calibrated', savedAt: '2026-12-01T10:00:00.000Z', plan }];
    const r = parseSavedPlans(serializeSavedPlans(saved));
    expect(r.problems).toEqual([]);
    expect(r.plans[0]?.plan.measured).toEqual(plan.measured);
  });
});
