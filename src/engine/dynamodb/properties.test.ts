/**
 * Properties of the DynamoDB planner over random valid plans (fast-check): monotone in item size,
 * always finite and non-negative, on-demand cost linear in the request rate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dynamodbSchema, MAX_ITEM_BYTES, type DynamoPlan, type DynamoTableInput } from '../../plan/dynamodb-schema';
import { costVsUtilisation, dayCurve } from './chart-data';
import { SHIPPED_PRICES, US_EAST_1 } from './fixtures';
import { onDemandMonthlyCost, sizeDynamo } from './size-dynamo';
import { getItemRcu, pagedSumReadUnits, writeWcu } from './units';

const size = fc.integer({ min: 1, max: MAX_ITEM_BYTES });
/** Three or four non-negative weights normalised to sum to 1. */
const mix = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n }).map((w) => {
    const total = w.reduce((a, b) => a + b, 0);
    return total === 0 ? w.map((_, i) => (i === 0 ? 1 : 0)) : w.map((x) => x / total);
  });

const tableArb: fc.Arbitrary<DynamoTableInput> = fc
  .record({
    source: fc.constantFrom('direct' as const, 'per-request' as const),
    readsPerSec: fc.double({ min: 0, max: 1e6, noNaN: true }),
    writesPerSec: fc.double({ min: 0, max: 1e6, noNaN: true }),
    readsPerRequest: fc.double({ min: 0, max: 100, noNaN: true }),
    writesPerRequest: fc.double({ min: 0, max: 100, noNaN: true }),
    itemSizeBytes: size,
    writeItemSizeBytes: size,
    consistency: mix(3),
    ops: mix(4),
    transactionalWriteShare: fc.double({ min: 0, max: 1, noNaN: true }),
    itemsPerBatchGet: fc.integer({ min: 1, max: 100 }),
    itemsPerQuery: fc.integer({ min: 0, max: 10_000 }),
    itemsPerScan: fc.integer({ min: 0, max: 100_000 }),
    gsis: fc.array(
      fc.record({ entry: size, w: fc.double({ min: 0, max: 1, noNaN: true }), k: fc.double({ min: 0, max: 1, noNaN: true }) }),
      { maxLength: 3 },
    ),
    storageGB: fc.double({ min: 0, max: 1e5, noNaN: true }),
    growthGBPerMonth: fc.double({ min: 0, max: 1000, noNaN: true }),
    distinctPartitionKeys: fc.integer({ min: 1, max: 1e9 }),
    hottestKeyShare: fc.double({ min: 0, max: 1, noNaN: true }),
    capacityMode: fc.constantFrom('provisioned' as const, 'on-demand' as const),
    minR: fc.integer({ min: 1, max: 1000 }),
    spanR: fc.integer({ min: 0, max: 100_000 }),
    minW: fc.integer({ min: 1, max: 1000 }),
    spanW: fc.integer({ min: 0, max: 100_000 }),
    readTargetPct: fc.integer({ min: 20, max: 90 }),
    writeTargetPct: fc.integer({ min: 20, max: 90 }),
    peakToAverage: fc.double({ min: 1, max: 100, noNaN: true }),
  })
  .map((r) => ({
    source: r.source,
    readsPerSec: r.readsPerSec,
    writesPerSec: r.writesPerSec,
    readsPerRequest: r.readsPerRequest,
    writesPerRequest: r.writesPerRequest,
    itemSizeBytes: r.itemSizeBytes,
    writeItemSizeBytes: r.writeItemSizeBytes,
    eventualShare: r.consistency[0],
    strongShare: r.consistency[1],
    transactionalShare: r.consistency[2],
    getShare: r.ops[0],
    batchGetShare: r.ops[1],
    queryShare: r.ops[2],
    scanShare: r.ops[3],
    transactionalWriteShare: r.transactionalWriteShare,
    itemsPerBatchGet: r.itemsPerBatchGet,
    itemsPerQuery: r.itemsPerQuery,
    itemsPerScan: r.itemsPerScan,
    gsis: r.gsis.map((g, i) => ({ name: `gsi-${i}`, projectedEntryBytes: g.entry, writeShare: Math.max(g.w, g.k), keyChangeShare: Math.min(g.w, g.k) })),
    storageGB: r.storageGB,
    growthGBPerMonth: r.growthGBPerMonth,
    distinctPartitionKeys: r.distinctPartitionKeys,
    hottestKeyShare: r.hottestKeyShare,
    capacityMode: r.capacityMode,
    autoscaling: { minRcu: r.minR, maxRcu: r.minR + r.spanR, minWcu: r.minW, maxWcu: r.minW + r.spanW, readTargetPct: r.readTargetPct, writeTargetPct: r.writeTargetPct },
    peakToAverage: r.peakToAverage,
  }));

const planOf = (t: DynamoTableInput): DynamoPlan => dynamodbSchema.parse({ tables: [t] });
const webRps = fc.double({ min: 0, max: 1e5, noNaN: true });

/** Every number anywhere in a value. */
function numbers(v: unknown, path = '', out: [string, number][] = []): [string, number][] {
  if (typeof v === 'number') out.push([path, v]);
  else if (Array.isArray(v)) v.forEach((x, i) => numbers(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) numbers(x, path ? `${path}.${k}` : k, out);
  return out;
}

describe('a larger item never needs fewer units', () => {
  it('per-item reads and writes, and paged Query sums', () => {
    fc.assert(
      fc.property(size, size, fc.integer({ min: 0, max: 5000 }), (a, b, n) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(getItemRcu(hi)).toBeGreaterThanOrEqual(getItemRcu(lo));
        expect(writeWcu(hi)).toBeGreaterThanOrEqual(writeWcu(lo));
        expect(pagedSumReadUnits(n, hi)).toBeGreaterThanOrEqual(pagedSumReadUnits(n, lo));
      }),
    );
  });
  it('a whole table: peak RCU and WCU', () => {
    fc.assert(
      fc.property(tableArb, size, size, webRps, (t, a, b, web) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const small = sizeDynamo(planOf({ ...t, itemSizeBytes: lo, writeItemSizeBytes: lo }), web, SHIPPED_PRICES).tables[0];
        const big = sizeDynamo(planOf({ ...t, itemSizeBytes: hi, writeItemSizeBytes: hi }), web, SHIPPED_PRICES).tables[0];
        expect(big?.peakRcu.value).toBeGreaterThanOrEqual(small?.peakRcu.value ?? Infinity);
        expect(big?.peakWcu.value).toBeGreaterThanOrEqual(small?.peakWcu.value ?? Infinity);
        expect(big?.onDemandMonthlyUsd.value).toBeGreaterThanOrEqual((small?.onDemandMonthlyUsd.value ?? Infinity) - 1e-9);
      }),
      { numRuns: 60 },
    );
  });
});

describe('no NaN, Infinity or negative number for any valid plan', () => {
  it('sizeDynamo and the chart data', () => {
    fc.assert(
      fc.property(tableArb, webRps, (t, web) => {
        const plan = planOf(t);
        const r = sizeDynamo(plan, web, SHIPPED_PRICES);
        const table = r.tables[0];
        if (!table) throw new Error('no table');
        const cost = costVsUtilisation(table, US_EAST_1, SHIPPED_PRICES.hoursPerMonth, 5);
        const day = dayCurve(plan.tables[0] as NonNullable<DynamoPlan['tables'][0]>, table, 30);
        for (const [path, n] of numbers({ r, cost, day })) {
          expect(Number.isFinite(n), path).toBe(true);
          expect(n, path).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('on-demand cost is linear in requests', () => {
  it('cost(k × rate) = k × cost(rate)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (r, w, k) => {
        const base = onDemandMonthlyCost(r, w, US_EAST_1, 730);
        expect(onDemandMonthlyCost(k * r, k * w, US_EAST_1, 730)).toBeCloseTo(k * base, 6);
      }),
    );
  });
  it('doubling a table’s reads and writes doubles its on-demand bill', () => {
    fc.assert(
      fc.property(tableArb, (t) => {
        const d = { ...t, source: 'direct' as const, readsPerSec: Math.min(5e6, t.readsPerSec ?? 0), writesPerSec: Math.min(5e6, t.writesPerSec ?? 0) };
        const one = sizeDynamo(planOf(d), 0, SHIPPED_PRICES).tables[0]?.onDemandMonthlyUsd.value ?? NaN;
        const two = sizeDynamo(planOf({ ...d, readsPerSec: 2 * (d.readsPerSec ?? 0), writesPerSec: 2 * (d.writesPerSec ?? 0) }), 0, SHIPPED_PRICES).tables[0]?.onDemandMonthlyUsd.value ?? NaN;
        expect(two).toBeCloseTo(2 * one, 6);
      }),
      { numRuns: 40 },
    );
  });
});
