/**
 * DynamoDB plans for the export tests: named fixtures (on-demand, GSIs, several tables, quota
 * overflow, streams, awkward but valid names) and seeded samples of the one plan arbitrary's
 * DynamoDB restriction (src/plan/testing/plan-arb.ts).
 */
import fc from 'fast-check';
import { planSchema, type Plan } from '../../plan/schema';
import type { DynamoTableInput } from '../../plan/dynamodb-schema';
import { dynamoPlanArb } from '../../plan/testing/plan-arb';

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

/** `count` reproducible plans with DynamoDB on (planArb's `dynamoPlanArb`: random web tier, shaped tables). */
export function sampleDynamoPlans(count: number, seed: number): Plan[] {
  return fc.sample(dynamoPlanArb, { numRuns: count, seed });
}
