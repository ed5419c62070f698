/**
 * DynamoDB Streams and Lambda consumers (issue 18): hand-computed cases (a shard that keeps up,
 * one that falls behind, the hot partition), the seeded discrete-event check of the closed forms
 * (throughput and IteratorAge within 10 %), Lambda cost from the dated prices, properties, and bad
 * input with messages naming the limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import lambdaRaw from '../../../public/prices/lambda.json';
import { dynamodbSchema, type DynamoTableInput, type StreamConsumer } from '../../plan/dynamodb-schema';
import { mulberry32 } from '../perf/rng';
import { directTable, SHIPPED_PRICES } from './fixtures';
import { lambdaPricesSchema } from './lambda-prices-schema';
import { sizeDynamo, sizeDynamoUnits } from './size-dynamo';
import { simulateShard } from './stream-simulate';
import { shardCeiling } from './streams';

const LAMBDA = lambdaPricesSchema.parse(lambdaRaw);
const consumer = (c: Partial<StreamConsumer> = {}) => ({ batchSize: 100, fixedMsPerBatch: 50, perRecordMs: 2, parallelizationFactor: 1, ...c });
/** One partition (5 RCU / 200 WCU provisioned, 10 GB), flat traffic, 100 writes/s of 1 KB. */
const table = (c: Partial<StreamConsumer> = {}, o: DynamoTableInput = {}) =>
  directTable({ readsPerSec: 0, writesPerSec: 100, writeItemSizeBytes: 1024, stream: { enabled: true, viewType: 'NEW_IMAGE', consumer: consumer(c) }, ...o });
const stream = (plan: ReturnType<typeof directTable>) => {
  const s = sizeDynamoUnits(plan, 0).tables[0]?.stream;
  if (!s) throw new Error('no stream');
  return s;
};

describe('a shard that keeps up', () => {
  // T(100) = 50 + 2 × 100 = 250 ms; μ = 1 × 100 / 0.25 s = 400 records/s against 100 arriving.
  const s = stream(table());
  it('one shard from one partition, all records on it', () => {
    expect(s.shards.value).toBe(1);
    expect(s.hottestShardPerSec.value).toBe(100);
  });
  it('sustains 400 records/s: 25% used, keeps up, no age growth, no data loss', () => {
    expect(s.fullBatchMs.value).toBe(250);
    expect(s.shardCeilingPerSec.value).toBe(400);
    expect(s.shardUtilisation.value).toBe(0.25);
    expect(s.keepsUp.value).toBe(true);
    expect(s.ageGrowthPerSec.value).toBe(0);
    expect(s.maxIteratorAgeS.value).toBe(0);
    expect(s.retentionLossH.value).toBeNull();
    expect(s.concurrency.value).toBe(1);
  });
  it('a batch holds what arrived while the last one ran: 6.25 records, 16 invocations/s', () => {
    // b = 100/s × T(b) = 100 × (0.05 + 0.002 b) → b = 5 / 0.8 = 6.25; 100 / 6.25 = 16 invocations/s.
    expect(s.averageBatchSize.value).toBeCloseTo(6.25, 8);
    expect(s.invocationsPerSec.value).toBeCloseTo(16, 8);
  });
  it('no finding about falling behind', () => {
    expect(sizeDynamoUnits(table(), 0).findings.map((f) => f.id)).not.toContain('ddb-app-table-stream-behind');
  });
});

describe('a shard that falls behind', () => {
  // T(100) = 50 + 10 × 100 = 1,050 ms; μ = 100 / 1.05 = 95.238/s against 100: IteratorAge grows
  // 1 − 95.238 / 100 = 0.047619 s/s, so it reaches 24 h after 86,400 / 0.047619 = 1,814,400 s = 504 h.
  const plan = table({ perRecordMs: 10 });
  const s = stream(plan);
  it('sustains 95.24 records/s and the age grows 0.0476 s per second', () => {
    expect(s.shardCeilingPerSec.value).toBeCloseTo(100 / 1.05, 10);
    expect(s.keepsUp.value).toBe(false);
    expect(s.ageGrowthPerSec.value).toBeCloseTo(1 / 21, 10);
    expect(s.maxIteratorAgeS.value).toBeCloseTo(86_400 / 21, -1);
  });
  it('records pass the 24 h retention after 504 h', () => {
    expect(s.retentionLossH.value).toBeCloseTo(504, 1);
  });
  it('the fix, with the number that is enough: PF 2, or ≤ 9.5 ms per record; no batch size suffices at PF 1', () => {
    expect(s.neededParallelization.value).toBe(2);
    expect(s.maxPerRecordMs.value).toBeCloseTo(9.5, 10);
    expect(s.neededBatchSize.value).toBeNull();
    const f = sizeDynamoUnits(plan, 0).findings.find((x) => x.id === 'ddb-app-table-stream-behind');
    expect(f?.severity).toBe('error');
    expect(f?.message).toMatch(/504 h: data loss/);
    expect(f?.fix).toMatch(/parallelization factor to 2/);
    expect(f?.fix).toMatch(/9\.5 ms per record/);
  });
  it('PF 2 is indeed enough', () => {
    expect(stream(table({ perRecordMs: 10, parallelizationFactor: 2 })).keepsUp.value).toBe(true);
  });
});

describe('the hot partition', () => {
  // 5,000 writes/s of 1 KB: 10,000 provisioned WCU → ceil(5/3000 + 10,000/1,000) = 11 partitions.
  // The hot key takes 20%: 1,000 records/s on its shard, against μ = 100 / 0.15 s = 666.7; the
  // average shard (454.5/s) would keep up.
  const plan = table({ perRecordMs: 1 }, { writesPerSec: 5000, hottestKeyShare: 0.2, autoscaling: { maxWcu: 100_000 } });
  const s = stream(plan);
  it('11 shards, the hottest with 1,000 records/s, falls behind while the average would not', () => {
    expect(s.shards.value).toBe(11);
    expect(s.hottestShardPerSec.value).toBeCloseTo(1000, 10);
    expect(s.shardCeilingPerSec.value).toBeCloseTo(2000 / 3, 10);
    expect(5000 / 11).toBeLessThan(s.shardCeilingPerSec.value);
    expect(s.keepsUp.value).toBe(false);
    expect(s.ageGrowthPerSec.value).toBeCloseTo(1 / 3, 10);
    expect(s.neededParallelization.value).toBe(2);
    expect(s.concurrency.value).toBe(11);
  });
  it('a flat day at a third of a second per second passes 24 h after 72 h', () => {
    expect(s.retentionLossH.value).toBeCloseTo(72, 1);
  });
  it('the account concurrency finding counts shards × PF across tables', () => {
    const two = dynamodbSchema.parse({ ...plan, lambdaAccountConcurrency: 10 });
    expect(sizeDynamoUnits(two, 0).findings.map((f) => f.id)).toContain('ddb-lambda-concurrency');
    expect(sizeDynamoUnits(plan, 0).findings.map((f) => f.id)).not.toContain('ddb-lambda-concurrency');
  });
});

describe('discrete-event simulation agrees within 10 %', () => {
  const k = (c: Partial<StreamConsumer>) => dynamodbSchema.parse({ tables: [{ stream: { enabled: true, consumer: consumer(c) } }] }).tables[0]!.stream.consumer;
  // The invocation rate (what the bill counts) is checked too: within 10 % with one poller; with
  // PF 2 the closed form's T(b) / PF gathering time is rougher (measured 12 % fewer invocations in
  // the simulation), so that case allows 15 %.
  it.each([
    ['keeps up, PF 1', {}, 0.1],
    ['keeps up, PF 2, slow function', { perRecordMs: 15, parallelizationFactor: 2 }, 0.15],
    ['keeps up, 1 s window', { batchingWindowS: 1 }, 0.1],
  ] as const)('%s: throughput = arrivals, and the invocation rate', (_n, c, invocationTolerance) => {
    const plan = table(c);
    const s = stream(plan);
    const sim = simulateShard(mulberry32(7), 100, k(c), s.effectiveBatchSize.value, 3600);
    expect(sim.throughputPerSec / s.throughputPerSec.value).toBeGreaterThan(0.9);
    expect(sim.throughputPerSec / s.throughputPerSec.value).toBeLessThan(1.1);
    expect(Math.abs(sim.invocations / 3600 / s.invocationsPerSec.value - 1)).toBeLessThan(invocationTolerance);
    // Keeping up, the age stays far under the alarm threshold.
    expect(sim.maxIteratorAgeS * 1000).toBeLessThan(s.alarmIteratorAgeMs.value);
  });
  it.each([
    ['slow function', { perRecordMs: 10 }],
    ['big fixed cost', { fixedMsPerBatch: 600, perRecordMs: 5, batchSize: 100 }],
    ['PF 2, very slow', { perRecordMs: 25, parallelizationFactor: 2 }],
  ] as const)('falls behind, %s: throughput = ceiling, IteratorAge after 1 h', (_n, c) => {
    const s = stream(table(c));
    expect(s.keepsUp.value).toBe(false);
    // The chart point of minute 60 is the end of that minute: 61 minutes = 3,660 s.
    const sim = simulateShard(mulberry32(11), 100, k(c), s.effectiveBatchSize.value, 3660);
    expect(sim.throughputPerSec / s.shardCeilingPerSec.value).toBeGreaterThan(0.9);
    expect(sim.throughputPerSec / s.shardCeilingPerSec.value).toBeLessThan(1.1);
    const engineAge = s.agePoints.find((p) => p.minute === 60)?.ageS ?? NaN;
    expect(sim.lastIteratorAgeS / engineAge).toBeGreaterThan(0.9);
    expect(sim.lastIteratorAgeS / engineAge).toBeLessThan(1.1);
  });
});

describe('Lambda cost from dated prices (DOMAIN.md I.4)', () => {
  it('16 invocations/s of 62.5 ms at 512 MB on arm64: requests + GB-seconds', () => {
    const r = sizeDynamo(table(), 0, SHIPPED_PRICES, LAMBDA);
    const secs = 730 * 3600;
    // 16 × 2,628,000 s = 42,048,000 requests × $0.20/M; 16 × 0.0625 s × 0.5 GB = 0.5 GB-s/s × $0.0000133334.
    const want = (16 * secs * 0.2) / 1e6 + 0.5 * secs * 0.0000133334;
    expect(r.tables[0]?.streamMonthlyUsd?.value).toBeCloseTo(want, 6);
    expect(r.totals.streamMonthlyUsd.value).toBeCloseTo(want, 6);
    expect(r.totals.monthlyUsd.value).toBeCloseTo(r.totals.monthlyUsd.inputs.capacity as number + (r.totals.storageMonthlyUsd.value) + want, 1);
  });
  it('without Lambda prices the stream is not priced, and says so', () => {
    const r = sizeDynamo(table(), 0, SHIPPED_PRICES);
    expect(r.tables[0]?.streamMonthlyUsd).toBeNull();
    expect(r.totals.streamMonthlyUsd.why).toMatch(/not priced/);
  });
  it('the price file is dated and sourced', () => {
    expect(LAMBDA.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(LAMBDA.source).toMatch(/I\.4/);
  });
});

describe('properties', () => {
  const consumerArb = fc.record({
    batchSize: fc.integer({ min: 1, max: 10_000 }),
    batchingWindowS: fc.integer({ min: 0, max: 300 }),
    parallelizationFactor: fc.integer({ min: 1, max: 9 }),
    fixedMsPerBatch: fc.integer({ min: 0, max: 1000 }),
    perRecordMs: fc.double({ min: 0, max: 50, noNaN: true }),
  }).filter((c) => c.fixedMsPerBatch + c.perRecordMs * c.batchSize <= 900_000);
  const tableArb = fc.record({
    writesPerSec: fc.double({ min: 0, max: 100_000, noNaN: true }),
    hottestKeyShare: fc.double({ min: 0, max: 1, noNaN: true }),
    peakToAverage: fc.double({ min: 1, max: 20, noNaN: true }),
    writeItemSizeBytes: fc.integer({ min: 1, max: 400 * 1024 }),
    viewType: fc.constantFrom('KEYS_ONLY' as const, 'NEW_IMAGE' as const, 'OLD_IMAGE' as const, 'NEW_AND_OLD_IMAGES' as const),
  });
  const planOf = (t: { writesPerSec: number; hottestKeyShare: number; peakToAverage: number; writeItemSizeBytes: number; viewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' }, c: Partial<StreamConsumer>) =>
    directTable({ writesPerSec: t.writesPerSec, hottestKeyShare: t.hottestKeyShare, peakToAverage: t.peakToAverage, writeItemSizeBytes: t.writeItemSizeBytes, stream: { enabled: true, viewType: t.viewType, consumer: c } });
  it('more parallelization never lowers throughput', () => {
    fc.assert(
      fc.property(tableArb, consumerArb, (t, c) => {
        const lo = stream(planOf(t, c));
        const hi = stream(planOf(t, { ...c, parallelizationFactor: c.parallelizationFactor + 1 }));
        expect(hi.throughputPerSec.value).toBeGreaterThanOrEqual(lo.throughputPerSec.value);
        expect(hi.shardCeilingPerSec.value).toBeGreaterThanOrEqual(lo.shardCeilingPerSec.value);
        expect(hi.maxIteratorAgeS.value).toBeLessThanOrEqual(lo.maxIteratorAgeS.value + 1e-6);
      }),
      { numRuns: 60, seed: 18 },
    );
  });
  it('no NaN, Infinity or negative number anywhere in the stream section', () => {
    fc.assert(
      fc.property(tableArb, consumerArb, (t, c) => {
        const s = stream(planOf(t, c));
        for (const [key, v] of Object.entries(s)) {
          if (v && typeof v === 'object' && 'value' in v && typeof v.value === 'number') {
            expect(Number.isFinite(v.value), key).toBe(true);
            expect(v.value, key).toBeGreaterThanOrEqual(0);
          }
        }
        for (const p of s.agePoints) expect(Number.isFinite(p.ageS)).toBe(true);
      }),
      { numRuns: 60, seed: 19 },
    );
  });
  it('the ceiling is PF × B / T(B)', () => {
    expect(shardCeiling({ ...consumer(), batchingWindowS: 0 } as StreamConsumer, 100, 3)).toBeCloseTo(1200, 10);
  });
});

describe('bad stream input gets a message naming the limit (DOMAIN.md I.2)', () => {
  const messages = (c: unknown) => {
    const r = dynamodbSchema.safeParse({ tables: [{ stream: { enabled: true, consumer: c } }] });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it.each([
    ['batch size 10,001', { batchSize: 10_001 }, /at most 10,000: the event source mapping limit/],
    ['window 301 s', { batchingWindowS: 301 }, /at most 300 s: MaximumBatchingWindowInSeconds/],
    ['PF 11', { parallelizationFactor: 11 }, /at most 10 concurrent batches per shard/],
    ['PF 0', { parallelizationFactor: 0 }, /at least 1/],
    ['memory 64 MB', { memoryMB: 64 }, /at least 128 MB/],
    ['record age 30 s', { maximumRecordAgeS: 30 }, /-1 \(no limit\) or 60–604,800 s/],
    ['retries 10,001', { maximumRetryAttempts: 10_001 }, /at most 10,000/],
    ['batch longer than 15 min', { batchSize: 10_000, perRecordMs: 100 }, /15-minute Lambda timeout/],
  ])('%s', (_n, c, re) => {
    const m = messages(c);
    expect(m.some((s) => re.test(s)), m.join('\n')).toBe(true);
  });
  it('an unknown view type is refused', () => {
    expect(dynamodbSchema.safeParse({ tables: [{ stream: { viewType: 'EVERYTHING' } }] }).success).toBe(false);
  });
});
