/**
 * Item sizes as a distribution per operation and GSI reads (issue 13 item 7), exact on the AWS
 * worked examples of DOMAIN.md D.4. Each case is hand-computed in its comment.
 */
import { describe, expect, it } from 'vitest';
import { dynamodbSchema, type DynamoTableInput } from '../../plan/dynamodb-schema';
import { directTable } from './fixtures';
import { sizeDynamoUnits } from './size-dynamo';

const KB = 1024;
const table = (o: DynamoTableInput) => {
  const t = sizeDynamoUnits(directTable(o), 0).tables[0];
  if (!t) throw new Error('no table');
  return t;
};
/** One read call per second of one kind, strongly consistent unless overridden. */
const reads = (o: DynamoTableInput) => table({ readsPerSec: 1, writesPerSec: 0, getShare: 0, ...o });

describe('size mixes: each item rounds on its own (D.1)', () => {
  it('BatchGetItem of a 1.5 KB and a 6.5 KB item costs 1 + 2 = 3 RCU, not the 4 KB mean’s 2', () => {
    const mix = [{ bytes: 1.5 * KB, share: 0.5 }, { bytes: 6.5 * KB, share: 0.5 }];
    const withMix = reads({ batchGetShare: 1, itemsPerBatchGet: 2, itemSizeMix: { batchGet: mix } });
    expect(withMix.peakRcu.value).toBe(3);
    // The mean, 4 KB, as one size: 2 × ceil(4096 / 4096) = 2 — the error the mix fixes.
    expect(reads({ batchGetShare: 1, itemsPerBatchGet: 2, itemSizeBytes: 4 * KB }).peakRcu.value).toBe(2);
  });
  it('GetItem of 3.5 KB and 10 KB, half each: (1 + 3) / 2 = 2 RCU strong, 1 eventual (D.4 #5)', () => {
    const mix = [{ bytes: 3.5 * KB, share: 0.5 }, { bytes: 10 * KB, share: 0.5 }];
    expect(reads({ getShare: 1, itemSizeMix: { get: mix } }).peakRcu.value).toBe(2);
    expect(reads({ getShare: 1, itemSizeMix: { get: mix }, strongShare: 0, eventualShare: 1 }).peakRcu.value).toBe(1);
  });
  it('an 8 KB read: 2 strong, 1 eventual, 4 transactional (D.4 #1), as a one-entry mix', () => {
    const get = [{ bytes: 8 * KB, share: 1 }];
    expect(reads({ getShare: 1, itemSizeMix: { get } }).peakRcu.value).toBe(2);
    expect(reads({ getShare: 1, itemSizeMix: { get }, strongShare: 0, eventualShare: 1 }).peakRcu.value).toBe(1);
    expect(reads({ getShare: 1, itemSizeMix: { get }, strongShare: 0, transactionalShare: 1 }).peakRcu.value).toBe(4);
  });
  it('writes: 1.6 KB → 2 WCU (D.4 #10); a 2 KB / 3 KB mix → (2 + 3) / 2 = 2.5, transactional 5 (D.4 #2, #3)', () => {
    expect(table({ writesPerSec: 1, readsPerSec: 0, itemSizeMix: { write: [{ bytes: 1638, share: 1 }] } }).peakWcu.value).toBe(2);
    const mix = [{ bytes: 2 * KB, share: 0.5 }, { bytes: 3 * KB, share: 0.5 }];
    expect(table({ writesPerSec: 1, readsPerSec: 0, itemSizeMix: { write: mix } }).peakWcu.value).toBe(2.5);
    expect(table({ writesPerSec: 1, readsPerSec: 0, itemSizeMix: { write: mix }, transactionalWriteShare: 1 }).peakWcu.value).toBe(5);
  });
  it('Query sums the items first: 20 items of 3 KB / 5 KB (mean 4 KB) = ceil(80 KB / 4 KB) = 20 strong, 10 eventual (D.4 #9)', () => {
    const mix = [{ bytes: 3 * KB, share: 0.5 }, { bytes: 5 * KB, share: 0.5 }];
    expect(reads({ queryShare: 1, itemsPerQuery: 20, itemSizeMix: { query: mix } }).peakRcu.value).toBe(20);
    expect(reads({ queryShare: 1, itemsPerQuery: 20, itemSizeMix: { query: mix }, strongShare: 0, eventualShare: 1 }).peakRcu.value).toBe(10);
  });
  it('no mix keeps the single sizes: the same numbers as before', () => {
    const a = table({ readsPerSec: 80, itemSizeBytes: 3 * KB, writesPerSec: 100, writeItemSizeBytes: 512 });
    expect([a.peakRcu.value, a.peakWcu.value]).toEqual([80, 100]);
  });
  it('a GSI with projection ALL writes the write mix, each item rounded', () => {
    const mix = [{ bytes: 1.5 * KB, share: 0.5 }, { bytes: 6.5 * KB, share: 0.5 }];
    const t = table({ writesPerSec: 10, itemSizeMix: { write: mix }, gsis: [{ projection: 'ALL', keyChangeShare: 0 }] });
    // (2 + 7) / 2 = 4.5 WCU per index write, one per table write.
    expect(t.gsis[0]?.wcuPerWrite.value).toBe(4.5);
    expect(t.gsis[0]?.peakWcu.value).toBe(45);
  });
});

describe('GSI reads are sized on the index (D.1)', () => {
  it('a Query on an INCLUDE index of 20 entries of 4 KB = ceil(80 KB / 4 KB) × ½ = 10 RCU on the index (D.4 #9), none on the table', () => {
    const t = reads({ readsPerSec: 100, queryShare: 1, itemsPerQuery: 20, itemSizeBytes: 8 * KB, gsis: [{ projectedEntryBytes: 4 * KB, queryShare: 1 }] });
    expect(t.gsis[0]?.rcuPerQuery.value).toBe(10);
    expect(t.gsis[0]?.peakRcu.value).toBe(1000);
    expect(t.peakRcu.value).toBe(0);
  });
  it('ALL index entries are whole items: 20 × 8 KB = 40 eventual RCU per query, where the base table would charge 40 strong', () => {
    const t = reads({ readsPerSec: 1, queryShare: 1, itemsPerQuery: 20, itemSizeBytes: 8 * KB, gsis: [{ projection: 'ALL', queryShare: 0.5 }] });
    expect(t.gsis[0]?.rcuPerQuery.value).toBe(20);
    expect(t.gsis[0]?.peakRcu.value).toBe(10);
    // The other half stays on the table, strongly consistent: 0.5 × 40.
    expect(t.peakRcu.value).toBe(20);
  });
  it('the index read units count toward the quota and its auto scaling target', () => {
    const t = reads({ readsPerSec: 1000, queryShare: 1, itemsPerQuery: 20, itemSizeBytes: 4 * KB, gsis: [{ projectedEntryBytes: 4 * KB, queryShare: 1 }], autoscaling: { maxRcu: 100_000 } });
    expect(t.gsis[0]?.provisionedPeakRcu.value).toBe(Math.ceil(10_000 / 0.7));
    expect(t.tablePeakRcuForQuota.value).toBe(t.provisionedPeakRcu.value + (t.gsis[0]?.provisionedPeakRcu.value ?? 0));
    const target = t.capacityTargets?.targets.find((x) => x.index === 'gsi1' && x.dimension === 'read');
    expect(target?.startUnits).toBe(t.gsis[0]?.provisionedPeakRcu.value);
  });
  it('index reads above the auto scaling maximum are an error finding', () => {
    const plan = directTable({ readsPerSec: 1000, getShare: 0, queryShare: 1, itemsPerQuery: 20, itemSizeBytes: 4 * KB, gsis: [{ name: 'byDay', projectedEntryBytes: 4 * KB, queryShare: 1 }] });
    const ids = sizeDynamoUnits(plan, 0).findings.map((f) => f.id);
    expect(ids).toContain('ddb-app-table-gsi-byDay-reads-over-max');
  });
});

describe('bad size mixes get a message naming the limit', () => {
  const messages = (input: unknown) => {
    const r = dynamodbSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it.each([
    ['shares not 100%', { tables: [{ itemSizeMix: { get: [{ bytes: 100, share: 0.5 }] } }] }, /itemSizeMix\.get: The get size mix shares must add up to 100% \(now 50%\)/],
    ['item over 400 KB', { tables: [{ itemSizeMix: { write: [{ bytes: 500_000, share: 1 }] } }] }, /400 KB item size limit/],
    ['11 sizes', { tables: [{ itemSizeMix: { query: Array.from({ length: 11 }, () => ({ bytes: 100, share: 1 / 11 })) } }] }, /at most 10 sizes/],
    ['negative share', { tables: [{ itemSizeMix: { scan: [{ bytes: 100, share: -0.5 }, { bytes: 100, share: 1.5 }] } }] }, /at least 0%/],
  ])('%s', (_n, input, re) => {
    const m = messages(input);
    expect(m.some((s) => re.test(s)), m.join('\n')).toBe(true);
  });
});
