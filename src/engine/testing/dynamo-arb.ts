/**
 * DynamoDB plans for the export tests: named fixtures (on-demand, GSIs, several tables, quota
 * overflow, awkward but valid names) and seeded random valid DynamoDB sections (fast-check).
 */
import fc from 'fast-check';
import { planSchema, type Plan } from '../../plan/schema';
import type { DynamoTableInput } from '../../plan/dynamodb-schema';
import { logNum } from '../../plan/testing/plan-arb';

const direct = (t: DynamoTableInput): DynamoTableInput => ({ source: 'direct', ...t });

/** Named DynamoDB sections on the default web tier. */
export const DYNAMO_FIXTURES: Record<string, Plan> = {
  onDemandWithGsis: planSchema.parse({
    dynamodb: { tables: [direct({ name: 'orders', capacityMode: 'on-demand', gsis: [{ name: 'byCustomer' }, { name: 'byStatus', keyChangeShare: 0.5 }] })] },
  }),
  provisionedWithGsis: planSchema.parse({
    dynamodb: {
      tables: [
        direct({ name: 'sessions', readsPerSec: 2000, writesPerSec: 500, gsis: [{ name: 'byUser', projectedEntryBytes: 300 }] }),
        direct({ name: 'audit.log-v2', capacityMode: 'on-demand', writesPerSec: 800 }),
      ],
    },
  }),
  /** Start units above the 40,000 per-table quota: scaled down to fit. */
  overQuota: planSchema.parse({
    dynamodb: {
      tables: [
        direct({
          name: 'hot_table',
          readsPerSec: 200_000,
          writesPerSec: 60_000,
          autoscaling: { maxRcu: 1_000_000, maxWcu: 1_000_000 },
          gsis: [{ name: 'gsi1' }, { name: 'gsi2' }],
        }),
      ],
    },
  }),
  /** 6.5 KB items and one index of each projection (issue 12 item 2: the projection written is the one sized). */
  projections: planSchema.parse({
    dynamodb: {
      tables: [
        direct({
          name: 'catalog',
          readsPerSec: 500,
          writesPerSec: 100,
          itemSizeBytes: 6656,
          writeItemSizeBytes: 6656,
          queryShare: 0.3,
          getShare: 0.7,
          gsis: [
            { name: 'everything', projection: 'ALL', queryShare: 0.5 },
            { name: 'keys', projection: 'KEYS_ONLY', projectedEntryBytes: 120 },
            { name: 'summary', projection: 'INCLUDE', includedAttributes: 3, projectedEntryBytes: 700, queryShare: 0.25 },
          ],
        }),
      ],
    },
  }),
  /** A stream with a Lambda consumer on a provisioned table and on an on-demand one (issue 18). */
  streams: planSchema.parse({
    dynamodb: {
      tables: [
        direct({ name: 'orders', writesPerSec: 300, stream: { enabled: true, viewType: 'NEW_AND_OLD_IMAGES', consumer: { parallelizationFactor: 2, batchingWindowS: 1 } } }),
        direct({ name: 'events', capacityMode: 'on-demand', writesPerSec: 50, stream: { enabled: true, viewType: 'KEYS_ONLY', consumer: { onFailure: 'none', reportBatchItemFailures: false } } }),
      ],
    },
  }),
  /** Names YAML, HCL or a shell could misread, all valid DynamoDB names. */
  awkwardNames: planSchema.parse({
    dynamodb: { tables: [direct({ name: 'true', gsis: [{ name: '1e3' }, { name: '...' }] }), direct({ name: 'null', capacityMode: 'on-demand' })] },
  }),
};

const nameArb = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.-]{3,40}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.-]{200,255}$/) },
);
const units = logNum(1, 1_000_000).map(Math.round);

const tableArb = fc
  .record({
    name: nameArb,
    capacityMode: fc.constantFrom('provisioned', 'on-demand' as const),
    readsPerSec: logNum(0.01, 1_000_000),
    writesPerSec: logNum(0.01, 200_000),
    itemSizeBytes: fc.integer({ min: 1, max: 400 * 1024 }),
    writeItemSizeBytes: fc.integer({ min: 1, max: 400 * 1024 }),
    gsis: fc.uniqueArray(
      fc.record({
        name: nameArb,
        projection: fc.constantFrom('ALL' as const, 'KEYS_ONLY' as const, 'INCLUDE' as const),
        // ≤ 5 × 20 indexes = 100, the per-table NonKeyAttributes limit.
        includedAttributes: fc.integer({ min: 1, max: 5 }),
        projectedEntryBytes: fc.integer({ min: 1, max: 400 * 1024 }),
        keyChangeShare: fc.double({ min: 0, max: 1, noNaN: true }),
        // ≤ 1/20 each, so 20 indexes never take more than all the queries.
        queryShare: fc.double({ min: 0, max: 0.05, noNaN: true }),
      }),
      { maxLength: 20, selector: (g) => g.name },
    ),
    a: fc.tuple(units, units, units, units),
    readTargetPct: fc.integer({ min: 20, max: 90 }),
    writeTargetPct: fc.integer({ min: 20, max: 90 }),
  })
  .map((r): DynamoTableInput => {
    const [r1, r2, w1, w2] = r.a;
    return direct({
      name: r.name,
      capacityMode: r.capacityMode,
      readsPerSec: r.readsPerSec,
      writesPerSec: r.writesPerSec,
      itemSizeBytes: r.itemSizeBytes,
      writeItemSizeBytes: r.writeItemSizeBytes,
      gsis: r.gsis.map((g) => ({ ...g, writeShare: 1 })),
      autoscaling: {
        minRcu: Math.min(r1, r2),
        maxRcu: Math.max(r1, r2),
        minWcu: Math.min(w1, w2),
        maxWcu: Math.max(w1, w2),
        readTargetPct: r.readTargetPct,
        writeTargetPct: r.writeTargetPct,
      },
    });
  });

export const dynamoPlanArb: fc.Arbitrary<Plan> = fc
  .uniqueArray(tableArb, { minLength: 1, maxLength: 4, selector: (t) => t.name })
  .map((tables) => planSchema.parse({ dynamodb: { tables } }));

export function sampleDynamoPlans(count: number, seed: number): Plan[] {
  return fc.sample(dynamoPlanArb, { numRuns: count, seed });
}
