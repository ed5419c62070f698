/**
 * Arbitrary valid plans for the property tests (fast-check explores the schema's ranges).
 */
import fc from 'fast-check';
import { planSchema, type Plan, type PlanInput } from '../../plan/schema';

/** Arbitrary valid plans spanning the schema's limits (log-scaled where the range is wide). */
export const logNum = (min: number, max: number) =>
  fc.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map((x) => Math.min(max, Math.max(min, Math.exp(x))));

/**
 * Field arbitraries shared with the export tests' plans (src/export/testing/plan-arb.ts). Spread
 * in the same order everywhere: fast-check draws the fields in key order, so a seed keeps giving
 * the same plans.
 */
export const hardwareAndLoadArbs = {
  cores: fc.integer({ min: 1, max: 512 }),
  smt: fc.constantFrom(1, 2),
  ramGiB: logNum(0.5, 8192),
  speed: logNum(0.1, 10),
  mode: fc.constantFrom('open', 'closed' as const),
  arrivalRps: logNum(0.001, 1_000_000),
  users: fc.integer({ min: 1, max: 1_000_000 }),
  thinkTimeMs: logNum(0.001, 3_600_000),
  cpuMs: logNum(0.1, 60_000),
};
export const appTierArbs = {
  app: fc.constantFrom('gunicorn', 'phpfpm' as const),
  workerClass: fc.constantFrom(null, 'sync', 'gthread', 'gevent', 'asgi' as const),
  pm: fc.constantFrom(null, 'static', 'dynamic', 'ondemand' as const),
};
export const memoryArbs = {
  workerMemMiB: logNum(5, 65_536),
  preload: fc.boolean(),
  somaxconn: fc.integer({ min: 1, max: 1_048_576 }),
};

export const planArb: fc.Arbitrary<Plan> = fc
  .record({
    ...hardwareAndLoadArbs,
    cpuCv: fc.double({ min: 0, max: 4, noNaN: true }),
    ioWaitMs: fc.oneof(fc.constant(0), logNum(0.01, 600_000)),
    ioCv: fc.double({ min: 0, max: 4, noNaN: true }),
    staticShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
    ...appTierArbs,
    ...memoryArbs,
    pinWorkers: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: null }),
    sloMs: logNum(1, 600_000),
    microcache: fc.boolean(),
    hitRatio: fc.double({ min: 0, max: 1, noNaN: true }),
    ttlS: fc.integer({ min: 0, max: 3600 }),
    // Issue 13 inputs, last so the earlier fields keep their draws.
    overheadMs: fc.oneof(fc.constant(0), logNum(0.001, 1000)),
    sticky: fc.boolean(),
    connections: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
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
        frameworkOverheadMsRef: r.overheadMs,
      },
      app: r.app,
      gunicorn: { workerClass: r.workerClass, workerMemMiB: r.workerMemMiB, preload: r.preload, keepAliveSticky: r.sticky, persistentConnections: r.connections },
      phpfpm: { pm: r.pm, childMemMiB: r.workerMemMiB },
      system: { somaxconn: r.somaxconn },
      pins: { gunicornWorkers: r.pinWorkers },
      cache: { microcacheEnabled: r.microcache, hitRatio: r.hitRatio, ttlS: r.ttlS },
    };
    return planSchema.parse(input);
  });

