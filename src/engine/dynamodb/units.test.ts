/**
 * DynamoDB's rounding rules against every worked example in DOMAIN.md D.4 (AWS docs). One
 * `describe` per rule, one row per example; the row says which example it is.
 */
import { describe, expect, it } from 'vitest';
import {
  batchGetRcu,
  batchWriteWcu,
  failedConditionalWriteWcu,
  getItemRcu,
  gsiWriteWcu,
  missingItemRcu,
  pagedSumReadUnits,
  queryRcu,
  throughputOf,
  updateItemWcu,
  writeWcu,
  type ReadConsistency,
} from './units';

const KB = 1024;

describe('reads of one item: round up to 4 KB, eventual ½, transactional 2× (D.1)', () => {
  const rows: [string, number, ReadConsistency, number][] = [
    ['#1 8 KB strong', 8 * KB, 'strong', 2],
    ['#1 8 KB eventual', 8 * KB, 'eventual', 1],
    ['#1 8 KB transactional', 8 * KB, 'transactional', 4],
    ['#4 3,500 bytes', 3500, 'strong', 1],
    ['#5 GetItem 3.5 KB → 4 KB', 3.5 * KB, 'strong', 1],
    ['#5 GetItem 10 KB → 12 KB strong', 10 * KB, 'strong', 3],
    ['#5 GetItem 10 KB → 12 KB eventual', 10 * KB, 'eventual', 1.5],
    ['exactly 4 KB', 4 * KB, 'strong', 1],
    ['one byte over 4 KB', 4 * KB + 1, 'strong', 2],
    ['400 KB maximum item', 400 * KB, 'strong', 100],
  ];
  it.each(rows)('%s', (_name, bytes, consistency, rcu) => {
    expect(getItemRcu(bytes, consistency)).toBe(rcu);
  });
});

describe('reads of a non-existent item (#18)', () => {
  it('costs 1 RCU strong, 0.5 eventual', () => {
    expect(missingItemRcu('strong')).toBe(1);
    expect(missingItemRcu('eventual')).toBe(0.5);
  });
});

describe('BatchGetItem rounds each item, Query sums then rounds (D.1)', () => {
  it('#5: a batch of 3.5 KB and 10 KB items is 1 + 3 = 4 RCU strong, 2 eventual', () => {
    expect(batchGetRcu([3.5 * KB, 10 * KB], 'strong')).toBe(4);
    expect(batchGetRcu([3.5 * KB, 10 * KB], 'eventual')).toBe(2);
  });
  it('#5: a Query returning the same two items sums 13.5 KB → 16 KB = 4 RCU', () => {
    expect(queryRcu(3.5 * KB + 10 * KB, 'strong')).toBe(4);
  });
  it('#9: an eventually consistent Query of 80 KB total is 10 RCU', () => {
    expect(queryRcu(80 * KB, 'eventual')).toBe(10);
    expect(pagedSumReadUnits(80, KB) * 0.5).toBe(10);
  });
  it('#8 note: 1,500 items × 64 B = 96,000 B → 24 RCU strong whichever KB is meant', () => {
    expect(queryRcu(1500 * 64, 'strong')).toBe(24);
    expect(pagedSumReadUnits(1500, 64)).toBe(24);
  });
  it('batching small items costs more than a Query of the same items', () => {
    expect(batchGetRcu(Array.from({ length: 100 }, () => 100))).toBe(100);
    expect(queryRcu(100 * 100)).toBe(3);
  });
  it('a Query over 1 MB is rounded per 1 MB page', () => {
    // 3,000 items of 1,000 B: 1,048 items per page → pages of 1,048,000 B (256 units), 1,048,000 B, 904,000 B (221 units).
    expect(pagedSumReadUnits(3000, 1000)).toBe(256 + 256 + 221);
  });
});

describe('writes: round up to 1 KB per item, transactional 2× (D.1)', () => {
  const rows: [string, number, boolean, number][] = [
    ['#2 2 KB', 2 * KB, false, 2],
    ['#2 2 KB transactional', 2 * KB, true, 4],
    ['#3 3 KB', 3 * KB, false, 3],
    ['#3 3 KB transactional', 3 * KB, true, 6],
    ['#10 PutItem / DeleteItem 1.6 KB', 1.6 * KB, false, 2],
    ['#12 512 B', 512, false, 1],
    ['400 KB maximum item', 400 * KB, false, 400],
  ];
  it.each(rows)('%s', (_name, bytes, tx, wcu) => {
    expect(writeWcu(bytes, tx)).toBe(wcu);
  });
  it('UpdateItem counts the larger of before and after', () => {
    expect(updateItemWcu(3 * KB, 500)).toBe(3);
    expect(updateItemWcu(500, 1.6 * KB)).toBe(2);
  });
  it('#17: a failed conditional put of a new item costs 1 WCU; of an existing item, the new size', () => {
    expect(failedConditionalWriteWcu(3 * KB, null)).toBe(1);
    expect(failedConditionalWriteWcu(3 * KB, 1 * KB)).toBe(3);
  });
  it('BatchWriteItem rounds each item, then sums', () => {
    expect(batchWriteWcu([100, 100, 1.6 * KB])).toBe(4);
  });
});

describe('GSI write amplification (D.1)', () => {
  it('1 index write, or 2 when the key changes, each rounded to 1 KB of the entry', () => {
    expect(gsiWriteWcu(300, false)).toBe(1);
    expect(gsiWriteWcu(300, true)).toBe(2);
    expect(gsiWriteWcu(1.5 * KB, true)).toBe(4);
  });
});

describe('what provisioned capacity buys', () => {
  it('#12: 80 strong reads/s of 3 KB need 80 RCU; 100 writes/s of 512 B need 100 WCU', () => {
    expect(80 * getItemRcu(3 * KB, 'strong')).toBe(80);
    expect(100 * writeWcu(512)).toBe(100);
  });
  it('#13: 6 RCU / 6 WCU', () => {
    const t = throughputOf(6, 6);
    expect(t.strongReadKBps).toBe(24);
    expect(t.eventualReadKBps).toBe(48);
    expect(t.transactionalReadKBps).toBe(12);
    expect(t.writeKBps).toBe(6);
    expect(t.transactionalWriteKBps).toBe(3);
  });
  it('#16: 10 RCU = 10 strong or 20 eventual reads/s of items ≤ 4 KB', () => {
    const t = throughputOf(10, 0, 4 * KB);
    expect(t.strongReadsPerSec).toBe(10);
    expect(t.eventualReadsPerSec).toBe(20);
  });
});
