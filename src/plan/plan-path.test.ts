import { describe, expect, it } from 'vitest';
import { getAtPath } from './fields';
import { pathSegments, type PlanPath } from './plan-path';
import { defaultPlan } from './schema';

// Compile-time checks: `npm run typecheck` fails if a misspelt path were accepted (an
// expect-error directive that is not needed is itself a type error).
// @ts-expect-error a typo in the leaf
const typo: PlanPath = 'fleet.headroomShar';
// @ts-expect-error an unknown section
const section: PlanPath = 'workloadd.arrivalRps';
const ok: PlanPath[] = ['fleet.headroomShare', 'workload.cpuMs', 'fleet.otherKinds.0.weight', 'dynamodb.tables.1.gsis.0.name', 'pins.gunicornWorkers'];

describe('PlanPath', () => {
  it('every accepted example path names a value of the default plan (or a slot of an array)', () => {
    const plan = defaultPlan();
    for (const p of ['fleet.headroomShare', 'workload.cpuMs', 'pins.gunicornWorkers'] as const) expect(getAtPath(plan, pathSegments(p))).not.toBeUndefined();
    expect(ok).toHaveLength(5);
    expect([typo, section]).toHaveLength(2);
  });
});
