/**
 * Item sizes as a distribution (issue 13 item 7). DynamoDB rounds EACH item of a GetItem,
 * BatchGetItem or write up to its unit (4 KB reads, 1 KB writes) before summing (DOMAIN.md D.1),
 * so the expected units of a mix are Σ share × units(size), never units(mean): a BatchGetItem of a
 * 1.5 KB and a 6.5 KB item costs 1 + 2 = 3 RCU, where their 4 KB mean would say 2. Query and Scan
 * sum the sizes first and round once per page, so for them the mean size is the right input (the
 * expected total of n items is n × mean; the rounding of one sum is not averaged over the mix).
 */
import type { DynamoTable, SizeMixOp } from '../../plan/dynamodb-schema';
import { readUnitsOfSize, writeUnitsOfSize } from './units';

export interface SizeShare {
  bytes: number;
  share: number;
}

/** The operation's size mix, or the single size every item has when the plan gives no mix. */
export function sizesFor(t: DynamoTable, op: SizeMixOp): readonly SizeShare[] {
  const mix = t.itemSizeMix[op];
  if (mix.length > 0) return mix;
  return [{ bytes: op === 'write' ? t.writeItemSizeBytes : t.itemSizeBytes, share: 1 }];
}

/** Expected strong read units of one item read on its own (GetItem, each BatchGetItem item). */
export function expectedReadUnits(mix: readonly SizeShare[]): number {
  return mix.reduce((s, x) => s + x.share * readUnitsOfSize(x.bytes), 0);
}

/** Expected write units of one item write (each rounded to 1 KB on its own). */
export function expectedWriteUnits(mix: readonly SizeShare[]): number {
  return mix.reduce((s, x) => s + x.share * writeUnitsOfSize(x.bytes), 0);
}

/** Mean item size of a mix (what Query and Scan sum). */
export function meanBytes(mix: readonly SizeShare[]): number {
  return mix.reduce((s, x) => s + x.share * x.bytes, 0);
}

/** A short text of a mix for explanations: "1536 B × 50%, 6656 B × 50%". */
export function mixText(mix: readonly SizeShare[]): string {
  return mix.map((x) => `${x.bytes} B × ${Math.round(x.share * 1000) / 10}%`).join(', ');
}
