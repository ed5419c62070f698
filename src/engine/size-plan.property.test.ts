/**
 * Properties that must hold for ANY valid plan (fast-check explores the schema's ranges).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan/schema';
import { logNum, wideRangePlanArb as planArb } from '../plan/testing/plan-arb';
import { sizePlan } from './size-plan';

/** Every number in the result, with its path. */
function numbers(value: unknown, path = 'result', out: [string, number][] = []): [string, number][] {
  if (typeof value === 'number') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, out);
  return out;
}

// Signed by design: negative headroom or app budget means "over by"; server defaults may be −1 (= somaxconn).
const SIGNED = [/memory\.headroomMiB\.(value|inputs)/, /\.serverDefault$/, /\.inputs\.appMemoryBudgetMiB$/];

describe('sizePlan for any valid plan', () => {
  it('outputs only finite numbers, and no negative counts', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const r = sizePlan(plan, { openPoints: 12, closedPoints: 8 });
        for (const [path, n] of numbers(r)) {
          if (!Number.isFinite(n)) throw new Error(`${path} = ${n}`);
          if (n < 0 && !SIGNED.some((re) => re.test(path))) throw new Error(`${path} = ${n} is negative`);
        }
        expect(JSON.stringify(r)).not.toContain('NaN');
      }),
      { numRuns: 300, seed: 20261124 },
    );
  });

  it('more RAM never lowers a memory-capped worker count', () => {
    fc.assert(
      fc.property(planArb, logNum(1.01, 64), (plan, factor) => {
        const more: Plan = { ...plan, pins: { ...plan.pins, gunicornWorkers: null }, hardware: { ...plan.hardware, ramGiB: Math.min(8192, plan.hardware.ramGiB * factor) } };
        const base: Plan = { ...plan, pins: { ...plan.pins, gunicornWorkers: null } };
        const a = sizePlan(base, { openPoints: 4, closedPoints: 4 });
        const b = sizePlan(more, { openPoints: 4, closedPoints: 4 });
        if (a.gunicorn && b.gunicorn) expect(b.gunicorn.workers.value).toBeGreaterThanOrEqual(a.gunicorn.workers.value);
        if (a.phpfpm && b.phpfpm) expect(b.phpfpm.maxChildren.value).toBeGreaterThanOrEqual(a.phpfpm.maxChildren.value);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('more cores never lowers capacity', () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: 1, max: 64 }), (plan, extra) => {
        const cores = Math.min(512, plan.hardware.physicalCores + extra);
        const threads = Math.min(1024, Math.max(cores, plan.hardware.hardwareThreads + extra * (plan.hardware.hardwareThreads / plan.hardware.physicalCores)));
        const more: Plan = { ...plan, hardware: { ...plan.hardware, physicalCores: cores, hardwareThreads: Math.round(threads) } };
        const a = sizePlan(plan, { openPoints: 4, closedPoints: 4 });
        const b = sizePlan(more, { openPoints: 4, closedPoints: 4 });
        expect(b.performance.capacityRps.value).toBeGreaterThanOrEqual(a.performance.capacityRps.value * (1 - 1e-9));
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
