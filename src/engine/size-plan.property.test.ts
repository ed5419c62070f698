/**
 * Properties that must hold for ANY valid plan (fast-check explores the schema's ranges).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSchema, type Plan, type PlanInput } from '../plan/schema';
import { sizePlan } from './size-plan';

/** Arbitrary valid plans spanning the schema's limits (log-scaled where the range is wide). */
const logNum = (min: number, max: number) =>
  fc.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map((x) => Math.min(max, Math.max(min, Math.exp(x))));

export const planArb: fc.Arbitrary<Plan> = fc
  .record({
    cores: fc.integer({ min: 1, max: 512 }),
    smt: fc.constantFrom(1, 2),
    ramGiB: logNum(0.5, 8192),
    speed: logNum(0.1, 10),
    mode: fc.constantFrom('open', 'closed' as const),
    arrivalRps: logNum(0.001, 1_000_000),
    users: fc.integer({ min: 1, max: 1_000_000 }),
    thinkTimeMs: logNum(0.001, 3_600_000),
    cpuMs: logNum(0.1, 60_000),
    cpuCv: fc.double({ min: 0, max: 4, noNaN: true }),
    ioWaitMs: fc.oneof(fc.constant(0), logNum(0.01, 600_000)),
    ioCv: fc.double({ min: 0, max: 4, noNaN: true }),
    staticShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
    app: fc.constantFrom('gunicorn', 'phpfpm' as const),
    workerClass: fc.constantFrom(null, 'sync', 'gthread', 'gevent', 'asgi' as const),
    pm: fc.constantFrom(null, 'static', 'dynamic', 'ondemand' as const),
    workerMemMiB: logNum(5, 65_536),
    preload: fc.boolean(),
    somaxconn: fc.integer({ min: 1, max: 1_048_576 }),
    pinWorkers: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: null }),
    sloMs: logNum(1, 600_000),
  })
  .map((r) => {
    const input: PlanInput = {
      hardware: { presetId: 'custom', physicalCores: r.cores, hardwareThreads: Math.min(1024, r.cores * r.smt), ramGiB: r.ramGiB, perCoreSpeed: r.speed },
      workload: {
        mode: r.mode,
        arrivalRps: r.arrivalRps,
        concurrentUsers: r.users,
        thinkTimeMs: r.thinkTimeMs,
        cpuMs: r.cpuMs,
        cpuCv: r.cpuCv,
        ioWaitMs: r.ioWaitMs,
        ioCv: r.ioCv,
        staticShare: r.staticShare,
        sloMs: r.sloMs,
      },
      app: r.app,
      gunicorn: { workerClass: r.workerClass, workerMemMiB: r.workerMemMiB, preload: r.preload },
      phpfpm: { pm: r.pm, childMemMiB: r.workerMemMiB },
      system: { somaxconn: r.somaxconn },
      pins: { gunicornWorkers: r.pinWorkers },
    };
    return planSchema.parse(input);
  });

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
