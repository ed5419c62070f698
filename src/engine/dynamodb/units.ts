/**
 * DynamoDB's own capacity-unit rounding (DOMAIN.md D.1). Sizes are binary: 1 KB = 1024 bytes.
 *
 * Reads: 1 RCU = one strongly consistent read/s of up to 4 KB; eventual = ½, transactional = 2×.
 * GetItem and BatchGetItem round EACH item up to 4 KB; Query and Scan SUM the item sizes and round
 * once (per 1 MB page). Writes: 1 WCU = one write/s of up to 1 KB, rounded per item; transactional
 * = 2×. These functions are exact; test vectors are in DOMAIN.md D.4.
 */

export const KB = 1024;
export const READ_UNIT_BYTES = 4 * KB;
export const WRITE_UNIT_BYTES = KB;
/** A Query or Scan page holds at most 1 MB of data (DOMAIN.md D.1). */
export const PAGE_BYTES = 1024 * KB;
/** DOMAIN.md D.2: per-partition throughput. */
export const PARTITION_RCU = 3000;
export const PARTITION_WCU = 1000;
/** DOMAIN.md D.2: maximum partition size. */
export const PARTITION_GB = 10;
/** DOMAIN.md D.2: default per-table quota (table + all its GSIs), reads and writes each. */
export const TABLE_QUOTA_UNITS = 40_000;
/** DOMAIN.md D.2: unused capacity retained as burst. */
export const BURST_SECONDS = 300;
/** DOMAIN.md D.1: batch limits. */
export const BATCH_WRITE_MAX = 25;
export const BATCH_GET_MAX = 100;

export type ReadConsistency = 'eventual' | 'strong' | 'transactional';

/** Multiplier on strongly consistent read units (D.1). */
export const READ_FACTOR: Record<ReadConsistency, number> = { eventual: 0.5, strong: 1, transactional: 2 };

/** Item size rounded to whole 4 KB read units (a missing item or an empty one still costs 1). */
export function readUnitsOfSize(bytes: number): number {
  return Math.max(1, Math.ceil(Math.max(0, bytes) / READ_UNIT_BYTES));
}

/** Item size rounded to whole 1 KB write units (at least 1). */
export function writeUnitsOfSize(bytes: number): number {
  return Math.max(1, Math.ceil(Math.max(0, bytes) / WRITE_UNIT_BYTES));
}

/** GetItem (or one TransactGetItems item): the item rounded up to 4 KB, × consistency factor. */
export function getItemRcu(bytes: number, consistency: ReadConsistency = 'strong'): number {
  return readUnitsOfSize(bytes) * READ_FACTOR[consistency];
}

/** A read of a non-existent item: 1 RCU strong, 0.5 eventual (D.1). */
export function missingItemRcu(consistency: ReadConsistency = 'strong'): number {
  return READ_FACTOR[consistency];
}

/** BatchGetItem: each item rounded up to 4 KB first, then summed (D.1). */
export function batchGetRcu(itemBytes: readonly number[], consistency: ReadConsistency = 'strong'): number {
  return itemBytes.reduce((sum, b) => sum + readUnitsOfSize(b), 0) * READ_FACTOR[consistency];
}

/**
 * Query: the sizes of all returned items are summed, then rounded once to 4 KB (D.1). An empty
 * result still costs the minimum read. `totalBytes` is the sum of the item sizes.
 */
export function queryRcu(totalBytes: number, consistency: ReadConsistency = 'strong'): number {
  return readUnitsOfSize(totalBytes) * READ_FACTOR[consistency];
}

/**
 * Strong read units of a Query (or Scan) returning `items` items of `bytes` each, split into
 * 1 MB pages: each page is summed and rounded on its own (each page is a separate call).
 */
export function pagedSumReadUnits(items: number, bytes: number): number {
  const n = Math.max(0, Math.floor(items));
  const size = Math.max(1, bytes);
  if (n === 0) return 1;
  const perPage = Math.max(1, Math.floor(PAGE_BYTES / size));
  const fullPages = Math.floor(n / perPage);
  const rest = n - fullPages * perPage;
  return fullPages * readUnitsOfSize(perPage * size) + (rest > 0 ? readUnitsOfSize(rest * size) : 0);
}

/** Pages (calls) a Query or Scan of `items` items of `bytes` each needs. */
export function pagesFor(items: number, bytes: number): number {
  const n = Math.max(0, Math.floor(items));
  const perPage = Math.max(1, Math.floor(PAGE_BYTES / Math.max(1, bytes)));
  return Math.max(1, Math.ceil(n / perPage));
}

/** PutItem / UpdateItem / DeleteItem: the item rounded up to 1 KB; transactional 2× (D.1). */
export function writeWcu(bytes: number, transactional = false): number {
  return writeUnitsOfSize(bytes) * (transactional ? 2 : 1);
}

/** UpdateItem (or PutItem over an existing item): the larger of before and after (D.1). */
export function updateItemWcu(beforeBytes: number, afterBytes: number, transactional = false): number {
  return writeWcu(Math.max(beforeBytes, afterBytes), transactional);
}

/**
 * A failed conditional write still consumes WCU: the new item's size if the item exists, or 1 WCU
 * for a new item (`existingBytes` null) (D.1).
 */
export function failedConditionalWriteWcu(newItemBytes: number, existingBytes: number | null): number {
  return existingBytes === null ? 1 : writeUnitsOfSize(newItemBytes);
}

/** BatchWriteItem: each item rounded up to 1 KB, then summed (D.1). */
export function batchWriteWcu(itemBytes: readonly number[]): number {
  return itemBytes.reduce((sum, b) => sum + writeUnitsOfSize(b), 0);
}

/**
 * Index writes of one base-table write for a GSI (D.1): 2 (delete + put) when the indexed key
 * changes, 1 when the item enters, leaves, or only projected attributes change; each rounded to
 * 1 KB of the INDEX ENTRY.
 */
export function gsiWriteWcu(entryBytes: number, keyChanges: boolean): number {
  return (keyChanges ? 2 : 1) * writeUnitsOfSize(entryBytes);
}

/** What provisioned capacity buys (D.4 #13, #16): bytes/s and items/s by consistency. */
export function throughputOf(rcu: number, wcu: number, itemBytes = READ_UNIT_BYTES) {
  const perReadItem = readUnitsOfSize(itemBytes);
  const perWriteItem = writeUnitsOfSize(itemBytes);
  return {
    strongReadKBps: (rcu * READ_UNIT_BYTES) / KB,
    eventualReadKBps: (rcu * READ_UNIT_BYTES) / KB / READ_FACTOR.eventual,
    transactionalReadKBps: (rcu * READ_UNIT_BYTES) / KB / READ_FACTOR.transactional,
    writeKBps: (wcu * WRITE_UNIT_BYTES) / KB,
    transactionalWriteKBps: (wcu * WRITE_UNIT_BYTES) / KB / 2,
    strongReadsPerSec: rcu / perReadItem,
    eventualReadsPerSec: rcu / (perReadItem * READ_FACTOR.eventual),
    transactionalReadsPerSec: rcu / (perReadItem * READ_FACTOR.transactional),
    writesPerSec: wcu / perWriteItem,
    transactionalWritesPerSec: wcu / (perWriteItem * 2),
  };
}
