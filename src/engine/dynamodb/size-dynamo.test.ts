/**
 * The DynamoDB planner end to end: the derived cost figures of DOMAIN.md D.3, the worked examples
 * of D.4 that involve rates (#12, #19), partitions and hot keys, quotas, findings and bad input.
 */
import { describe, expect, it } from 'vitest';
import { dynamodbSchema } from '../../plan/dynamodb-schema';
import { directTable, SHIPPED_PRICES, US_EAST_1 } from './fixtures';
import {
  autoscaledUnits,
  breakEvenUtilisation,
  onDemandMonthlyCost,
  provisionedMonthlyCost,
  SCALE_UP_REACTION_S,
  sizeDynamo,
  storageMonthlyCost,
} from './size-dynamo';

const HOURS = SHIPPED_PRICES.hoursPerMonth;
const only = (plan: ReturnType<typeof directTable>, web = 0) => {
  const r = sizeDynamo(plan, web, SHIPPED_PRICES);
  const t = r.tables[0];
  if (!t) throw new Error('no table');
  return { r, t };
};

describe('prices (DOMAIN.md D.3)', () => {
  it('the shipped file is dated, sourced and has us-east-1', () => {
    expect(SHIPPED_PRICES.asOf).toBe('2024-11-01');
    expect(SHIPPED_PRICES.source).toMatch(/D\.3/);
    expect(US_EAST_1.onDemandReadPerMillion).toBe(0.125);
    expect(US_EAST_1.onDemandWritePerMillion).toBe(0.625);
  });
  it('break-even utilisation is 28.9% for reads and for writes', () => {
    expect(breakEvenUtilisation(US_EAST_1.provisionedRcuHour, US_EAST_1.onDemandReadPerMillion)).toBeCloseTo(0.2889, 4);
    expect(breakEvenUtilisation(US_EAST_1.provisionedWcuHour, US_EAST_1.onDemandWritePerMillion)).toBeCloseTo(0.2889, 4);
  });
  it('provisioned per million units at 100%: reads $0.03611, writes $0.18056', () => {
    expect((US_EAST_1.provisionedRcuHour / 3600) * 1e6).toBeCloseTo(0.03611, 5);
    expect((US_EAST_1.provisionedWcuHour / 3600) * 1e6).toBeCloseTo(0.18056, 5);
  });
  it('100 RCU + 100 WCU for 730 h = $9.49 + $47.45 = $56.94/month', () => {
    expect(provisionedMonthlyCost(100, 0, US_EAST_1, HOURS)).toBeCloseTo(9.49, 2);
    expect(provisionedMonthlyCost(0, 100, US_EAST_1, HOURS)).toBeCloseTo(47.45, 2);
    expect(provisionedMonthlyCost(100, 100, US_EAST_1, HOURS)).toBeCloseTo(56.94, 2);
  });
  it('100 GB Standard storage = (100 − 25) × 0.25 = $18.75/month', () => {
    expect(storageMonthlyCost(100, US_EAST_1)).toBeCloseTo(18.75, 10);
    expect(storageMonthlyCost(20, US_EAST_1)).toBe(0);
  });
  it('on-demand: 1 M reads and 1 M writes a month cost $0.125 + $0.625', () => {
    const perSec = 1e6 / (HOURS * 3600);
    expect(onDemandMonthlyCost(perSec, 0, US_EAST_1, HOURS)).toBeCloseTo(0.125, 10);
    expect(onDemandMonthlyCost(0, perSec, US_EAST_1, HOURS)).toBeCloseTo(0.625, 10);
  });
  it('the plan total takes the 25 free GB off once', () => {
    const { r } = only(directTable({ storageGB: 100, readsPerSec: 0, writesPerSec: 0 }));
    expect(r.totals.storageMonthlyUsd.value).toBeCloseTo(18.75, 10);
    expect(r.tables[0]?.storageMonthlyUsd.value).toBeCloseTo(25, 10);
  });
});

describe('consumed units of a table (D.4 #12)', () => {
  it('80 strongly consistent reads/s of 3 KB items = 80 RCU; 100 writes/s of 512 B = 100 WCU', () => {
    const { t } = only(directTable({ readsPerSec: 80, itemSizeBytes: 3 * 1024, writesPerSec: 100, writeItemSizeBytes: 512 }));
    expect(t.peakRcu.value).toBe(80);
    expect(t.peakWcu.value).toBe(100);
  });
  it('eventual reads halve it, transactional double it', () => {
    expect(only(directTable({ readsPerSec: 80, itemSizeBytes: 3072, eventualShare: 1, strongShare: 0 })).t.peakRcu.value).toBe(40);
    expect(only(directTable({ readsPerSec: 80, itemSizeBytes: 3072, transactionalShare: 1, strongShare: 0 })).t.peakRcu.value).toBe(160);
  });
  it('transactional writes cost 2×', () => {
    expect(only(directTable({ writesPerSec: 10, writeItemSizeBytes: 2048, transactionalWriteShare: 1 })).t.peakWcu.value).toBe(40);
  });
  it('per-request source multiplies the web tier dynamic rps', () => {
    const plan = dynamodbSchema.parse({ tables: [{ source: 'per-request', readsPerRequest: 3, writesPerRequest: 0.5 }] });
    const t = sizeDynamo(plan, 200, SHIPPED_PRICES).tables[0];
    expect(t?.readOpsPerSec.value).toBe(600);
    expect(t?.writeOpsPerSec.value).toBe(100);
  });
  it('Query sums returned items before rounding: 10 items of 400 B = 1 RCU, not 10', () => {
    const { t } = only(directTable({ readsPerSec: 100, itemSizeBytes: 400, getShare: 0, queryShare: 1, itemsPerQuery: 10 }));
    expect(t.strongRcuPerRead.value).toBe(1);
    expect(t.peakRcu.value).toBe(100);
  });
  it('BatchGetItem rounds each item: 10 items of 400 B = 10 RCU per call', () => {
    const { t } = only(directTable({ readsPerSec: 10, itemSizeBytes: 400, getShare: 0, batchGetShare: 1, itemsPerBatchGet: 10 }));
    expect(t.peakRcu.value).toBe(100);
  });
  it('GSI writes: 1 per touching write, 2 when the key changes, rounded to 1 KB of the entry', () => {
    const { t } = only(
      directTable({ writesPerSec: 100, writeItemSizeBytes: 3000, gsis: [{ name: 'byStatus', projectedEntryBytes: 1500, writeShare: 0.5, keyChangeShare: 0.2 }] }),
    );
    // (0.5 + 0.2) × ceil(1500 / 1024) = 0.7 × 2 = 1.4 WCU per table write.
    expect(t.gsis[0]?.wcuPerWrite.value).toBeCloseTo(1.4, 10);
    expect(t.gsis[0]?.peakWcu.value).toBeCloseTo(140, 10);
    expect(t.totalPeakWcu.value).toBeCloseTo(300 + 140, 10);
  });
});

describe('auto scaling (D.2, D.4 #19: range 150–1,200 RCU, target 70%)', () => {
  it.each([
    [70, 150],
    [105, 150],
    [700, 1000],
    [840, 1200],
    [1000, 1200],
  ])('consumed %d RCU → provisioned %d', (consumed, provisioned) => {
    expect(autoscaledUnits(consumed, 70, 150, 1200)).toBe(provisioned);
  });
  it('never provisions below 1', () => {
    expect(autoscaledUnits(0, 70, 1, 10)).toBe(1);
  });
  it('flags throttling when peak demand exceeds the maximum', () => {
    const { r } = only(directTable({ readsPerSec: 1000, itemSizeBytes: 4096, autoscaling: { minRcu: 150, maxRcu: 1200, readTargetPct: 70 } }));
    expect(r.findings.map((f) => f.id)).not.toContain('ddb-app-table-rcu-over-max');
    expect(r.findings.map((f) => f.id)).toContain('ddb-app-table-rcu-at-max');
    const over = only(directTable({ readsPerSec: 1300, itemSizeBytes: 4096, autoscaling: { minRcu: 150, maxRcu: 1200 } }));
    expect(over.r.findings.find((f) => f.id === 'ddb-app-table-rcu-over-max')?.severity).toBe('error');
  });
  it('flat traffic: provisioned = ceil(consumed / target) all day, utilisation = target', () => {
    const { t } = only(directTable({ readsPerSec: 700, itemSizeBytes: 4096, autoscaling: { readTargetPct: 70 } }));
    expect(t.provisionedPeakRcu.value).toBe(1000);
    expect(t.meanProvisionedRcu.value).toBeCloseTo(1000, 6);
    expect(t.readUtilisation.value).toBeCloseTo(0.7, 6);
    expect(t.throttledMinutesPerDay.value).toBe(0);
  });
  it('burst: a step from average to peak is absorbed for 300 s × P / (peak − P)', () => {
    // peak 200 RCU, average 100 → provisioned at average ceil(100 / 0.7) = 143; excess 57.
    const { t, r } = only(directTable({ readsPerSec: 200, itemSizeBytes: 4096, peakToAverage: 2, autoscaling: { minRcu: 1, readTargetPct: 70 } }));
    expect(t.provisionedAvgRcu.value).toBe(143);
    expect(t.readSpikeThrottleStartsS.value).toBeCloseTo((300 * 143) / (200 - 143), 6);
    expect(t.readSpikeThrottleStartsS.value as number).toBeGreaterThan(SCALE_UP_REACTION_S);
    expect(r.findings.map((f) => f.id)).not.toContain('ddb-app-table-spike');
  });
  it('burst: a large step throttles before auto scaling reacts', () => {
    const { t, r } = only(directTable({ readsPerSec: 1000, itemSizeBytes: 4096, peakToAverage: 10, autoscaling: { minRcu: 1, readTargetPct: 90 } }));
    expect(t.readSpikeThrottleStartsS.value as number).toBeLessThan(SCALE_UP_REACTION_S);
    expect(r.findings.map((f) => f.id)).toContain('ddb-app-table-spike');
  });
  it('on-demand has no spike threshold', () => {
    const { t } = only(directTable({ readsPerSec: 1000, capacityMode: 'on-demand', peakToAverage: 10 }));
    expect(t.readSpikeThrottleStartsS.value).toBeNull();
  });
});

describe('partitions and hot keys (D.2, F.7)', () => {
  it('partitions from throughput: ceil(RCU / 3,000 + WCU / 1,000)', () => {
    const { t } = only(
      directTable({ readsPerSec: 4200, itemSizeBytes: 4096, writesPerSec: 500, autoscaling: { readTargetPct: 70, writeTargetPct: 50, maxRcu: 100000, maxWcu: 100000 } }),
    );
    // 6,000 RCU + 1,000 WCU provisioned → 2 + 1 = 3.
    expect(t.provisionedPeakRcu.value).toBe(6000);
    expect(t.provisionedPeakWcu.value).toBe(1000);
    expect(t.partitionsByThroughput.value).toBe(3);
  });
  it('partitions from size: ceil(GB / 10)', () => {
    expect(only(directTable({ storageGB: 95 })).t.partitionsBySize.value).toBe(10);
    expect(only(directTable({ storageGB: 95 })).t.partitions.value).toBe(10);
  });
  it('a hot key above 1,000 WCU gets a write-sharding factor and an error', () => {
    const { t, r } = only(directTable({ writesPerSec: 5000, writeItemSizeBytes: 1024, hottestKeyShare: 0.5, autoscaling: { maxWcu: 100000 } }));
    expect(t.hotKeyWcu.value).toBe(2500);
    expect(t.writeShardingFactor.value).toBe(3);
    expect(r.findings.find((f) => f.id === 'ddb-app-table-hot-key-writes')?.fix).toMatch(/3 ways/);
  });
  it('the hottest key carries at least 1 / distinct keys', () => {
    const { t } = only(directTable({ distinctPartitionKeys: 4, hottestKeyShare: 0 }));
    expect(t.hotKeyShare.value).toBe(0.25);
  });
  it('no sharding needed under the limit', () => {
    expect(only(directTable({ writesPerSec: 500 })).t.writeShardingFactor.value).toBe(1);
  });
});

describe('quotas and findings', () => {
  it('flags the 40,000 per-table quota (table + GSIs)', () => {
    const { r } = only(
      directTable({ writesPerSec: 15000, capacityMode: 'on-demand', gsis: [{ name: 'gsi-one', projectedEntryBytes: 2048, writeShare: 1, keyChangeShare: 0 }], writeItemSizeBytes: 1024 }),
    );
    expect(r.tables[0]?.tablePeakWcuForQuota.value).toBe(15000 + 30000);
    expect(r.findings.map((f) => f.id)).toContain('ddb-app-table-table-quota');
  });
  it('flags Scans in the request path', () => {
    const { r } = only(directTable({ getShare: 0.9, scanShare: 0.1 }));
    expect(r.findings.find((f) => f.id === 'ddb-app-table-scan')?.severity).toBe('warning');
  });
  it('suggests on-demand when provisioned sits below break-even', () => {
    // Tiny, spiky load: the minimum capacity dominates, utilisation far below 28.9%.
    const { r, t } = only(directTable({ readsPerSec: 2, writesPerSec: 1, peakToAverage: 8, autoscaling: { minRcu: 50, minWcu: 50 } }));
    expect(t.readUtilisation.value).toBeLessThan(t.breakEvenReadUtilisation.value);
    expect(t.cheaperMode.value).toBe('on-demand');
    expect(r.findings.map((f) => f.id)).toContain('ddb-app-table-cheaper-mode');
  });
  it('batching: savings only where one request reads or writes several keys (issue 12 item 3)', () => {
    // Entered per second: nothing says one request touches several keys, so nothing is claimed.
    const { t } = only(directTable({ readsPerSec: 1000, writesPerSec: 250 }));
    expect(t.batchWriteCallsSavedPerSec.value).toBe(0);
    expect(t.batchGetCallsSavedPerSec.value).toBe(0);
    const perReq = (writesPerRequest: number, readsPerRequest: number) =>
      sizeDynamo(dynamodbSchema.parse({ tables: [{ source: 'per-request', writesPerRequest, readsPerRequest, getShare: 1, queryShare: 0 }] }), 100, SHIPPED_PRICES).tables[0];
    // 4 writes and 2 GetItems per request: batches of 4 and 2.
    expect(perReq(4, 2)?.batchWriteCallsSavedPerSec.value).toBeCloseTo(400 - 100, 10);
    expect(perReq(4, 2)?.batchGetCallsSavedPerSec.value).toBeCloseTo(200 - 100, 10);
    // 1.5 writes per request: some requests write one item, so no request is sure to batch.
    expect(perReq(1.5, 1.5)?.batchWriteCallsSavedPerSec.value).toBe(0);
    expect(perReq(1.5, 1.5)?.batchGetCallsSavedPerSec.value).toBe(0);
    // 60 writes per request: BatchWriteItem takes at most 25.
    expect(perReq(60, 0)?.batchWriteCallsSavedPerSec.value).toBeCloseTo(6000 * (1 - 1 / 25), 8);
  });
  it('a disabled section sizes nothing', () => {
    const r = sizeDynamo(dynamodbSchema.parse({ enabled: false }), 100, SHIPPED_PRICES);
    expect(r.tables).toEqual([]);
    expect(r.totals.monthlyUsd.value).toBe(0);
  });
  it('a region without prices is an error finding, not a throw', () => {
    const r = sizeDynamo(dynamodbSchema.parse({}), 100, { ...SHIPPED_PRICES, regions: {} });
    expect(r.findings[0]?.id).toBe('ddb-no-prices');
    expect(r.totals.monthlyUsd.value).toBe(0);
  });
  it('every output carries an explanation', () => {
    const { t } = only(directTable({ gsis: [{}] }));
    for (const [k, v] of Object.entries(t)) {
      if (v && typeof v === 'object' && 'formula' in v) {
        expect(v.formula, k).not.toBe('');
        expect(v.why, k).not.toBe('');
      }
    }
  });
});

describe('bad input gets a message naming the limit (issue 3 §7)', () => {
  const messages = (input: unknown) => {
    const r = dynamodbSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it.each([
    ['negative rate', { tables: [{ readsPerSec: -1 }] }, /readsPerSec: Reads\/s cannot be negative/],
    ['item over 400 KB', { tables: [{ itemSizeBytes: 400 * 1024 + 1 }] }, /itemSizeBytes: .*400 KB item size limit/],
    ['target under 20%', { tables: [{ autoscaling: { readTargetPct: 10 } }] }, /readTargetPct: .*20–90%/],
    ['target over 90%', { tables: [{ autoscaling: { writeTargetPct: 95 } }] }, /writeTargetPct: .*20–90%/],
    ['hottest key over 100%', { tables: [{ hottestKeyShare: 1.5 }] }, /hottestKeyShare: .*at most 100%/],
    ['consistency mix not 100%', { tables: [{ eventualShare: 0.5, strongShare: 0.2 }] }, /add up to 100% \(now 70%\)/],
    ['operation mix not 100%', { tables: [{ getShare: 0.5, queryShare: 0.2 }] }, /GetItem \+ BatchGetItem \+ Query \+ Scan/],
    ['min capacity 0', { tables: [{ autoscaling: { minRcu: 0 } }] }, /at least 1: DynamoDB's minimum/],
    ['min above max', { tables: [{ autoscaling: { minWcu: 50, maxWcu: 10 } }] }, /maxWcu: Maximum WCU must be ≥ minimum WCU \(50\)/],
    ['bad table name', { tables: [{ name: 'a b' }] }, /name: a DynamoDB name/],
    ['short table name', { tables: [{ name: 'ab' }] }, /3–255 characters/],
    ['duplicate table names', { tables: [{ name: 'same' }, { name: 'same' }] }, /used twice/],
    ['peak below average', { tables: [{ peakToAverage: 0.5 }] }, /at least 1/],
    ['key change above write share', { tables: [{ gsis: [{ writeShare: 0.1, keyChangeShare: 0.5 }] }] }, /cannot exceed the index write share/],
    ['unknown projection', { tables: [{ gsis: [{ projection: 'SOME' }] }] }, /gsis\.0\.projection/],
    ['21 included attributes', { tables: [{ gsis: [{ includedAttributes: 21 }] }] }, /at most 20 per index: the NonKeyAttributes limit/],
    ['101 included attributes on a table', { tables: [{ gsis: Array.from({ length: 6 }, (_, i) => ({ name: `idx-${i}`, includedAttributes: 17 })) }] }, /at most 100 per table/],
    ['index queries over 100%', { tables: [{ gsis: [{ name: 'aaa', queryShare: 0.6 }, { name: 'bbb', queryShare: 0.6 }] }] }, /Index query shares must add up to at most 100%/],
    ['too many tables', { tables: Array.from({ length: 11 }, (_, i) => ({ name: `table-${i}` })) }, /At most 10 tables/],
  ])('%s', (_name, input, re) => {
    const m = messages(input);
    expect(m.some((s) => re.test(s)), m.join('\n')).toBe(true);
  });
  it('defaults are a valid, complete plan', () => {
    const d = dynamodbSchema.parse(undefined);
    expect(d.tables).toHaveLength(1);
    expect(d.tables[0]?.name).toBe('app-table');
    expect(d.tables[0]?.autoscaling.readTargetPct).toBe(70);
    expect(d.tables[0]?.autoscaling.writeTargetPct).toBe(50);
  });
});
