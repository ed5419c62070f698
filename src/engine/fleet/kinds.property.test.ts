/**
 * Mixed fleets for any valid plan: the per-kind analysis, the failure what-ifs and the fleet totals
 * output only finite, non-negative numbers, and shares add up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LB_METHODS, planSchema, type Plan } from '../../plan/schema';
import { analyzePlan } from '../analysis/analyze-plan';
import { planArb } from '../../plan/testing/plan-arb';

const kindArb = fc.record({
  servers: fc.integer({ min: 1, max: 40 }),
  physicalCores: fc.integer({ min: 1, max: 128 }),
  smt: fc.constantFrom(1, 2),
  ramGiB: fc.double({ min: 0.5, max: 1024, noNaN: true }),
  perCoreSpeed: fc.double({ min: 0.1, max: 10, noNaN: true }),
  weight: fc.integer({ min: 1, max: 1000 }),
  hourlyPriceUsd: fc.option(fc.double({ min: 0, max: 50, noNaN: true }), { nil: null }),
});

const fleetPlanArb: fc.Arbitrary<Plan> = fc
  .record({
    base: planArb,
    servers: fc.integer({ min: 1, max: 30 }),
    spare: fc.boolean(),
    zones: fc.integer({ min: 1, max: 10 }),
    backups: fc.integer({ min: 0, max: 3 }),
    method: fc.constantFrom(...LB_METHODS.options),
    kinds: fc.array(kindArb, { maxLength: 4 }),
  })
  .map(({ base, servers, spare, zones, backups, method, kinds }) =>
    planSchema.parse({
      ...base,
      fleet: {
        ...base.fleet,
        servers,
        // The drawn weights, one per server of the new count (the schema's cross-field rule).
        weights: base.fleet.weights && Array.from({ length: servers }, (_, i) => base.fleet.weights![i % base.fleet.weights!.length]!),
        spare,
        zones,
        backupServers: backups,
        lbMethod: method,
        otherKinds: kinds.map((k, i) => ({ ...k, name: `k${i}`, hardwareThreads: k.physicalCores * k.smt, smt: undefined })),
      },
    }),
  );

function numbers(value: unknown, path = 'r', out: [string, number][] = []): [string, number][] {
  if (typeof value === 'number') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, out);
  return out;
}
const SIGNED = [/\.serverDefault$/];

describe('mixed fleets for any valid plan', () => {
  it('kinds, what-ifs and fleet totals: finite, non-negative; shares × servers sum to at most 100%', () => {
    fc.assert(
      fc.property(fleetPlanArb, (plan) => {
        const a = analyzePlan({ ...plan, fleet: { ...plan.fleet, hourlyPriceUsd: 1 } });
        const { kinds, cluster, fleet: totals } = a;
        // Each kind's own sizing: finite everywhere (its explanations may show signed inputs, as the
        // size-plan property allows); the kind rows, what-ifs and totals also non-negative.
        for (const [path, n] of numbers(kinds.rows.map((r) => r.sizing))) if (!Number.isFinite(n)) throw new Error(`${path} = ${n}`);
        const rows = kinds.rows.map(({ serverPlan: _p, sizing: _s, ...row }) => row);
        for (const [path, n] of numbers({ kinds: { ...kinds, rows }, cluster, totals })) {
          if (!Number.isFinite(n)) throw new Error(`${path} = ${n}`);
          if (n < 0 && !SIGNED.some((re) => re.test(path))) throw new Error(`${path} = ${n} is negative`);
        }
        // Busiest server of each kind × its count never exceeds the whole (equal within a kind except main weights).
        // Busiest server's share × servers: exactly 1 with equal weights inside each kind.
        const sum = kinds.rows.reduce((a, r) => a + r.share * r.servers, 0);
        const tol = 1e-9;
        expect(sum).toBeGreaterThanOrEqual(1 - tol);
        if (plan.fleet.weights === null) expect(sum).toBeLessThanOrEqual(1 + tol);
      }),
      { numRuns: 80, seed: 20261201 },
    );
  });
});
