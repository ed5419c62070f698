/**
 * What every selector of one DynamoDB table reads first: the plan's table, its peak rates and the
 * daily curve. Its own module so the selector files (units, capacity targets, streams) can share
 * it without importing each other.
 */
import type { DynamoAutoscaling, DynamoTable } from '../../plan/dynamodb-schema';
import { dailyShape } from './simulate';

/** Finite and ≥ 0, else 0: the engine's outputs are never NaN, Infinity or negative. */
export const safe = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

/** Read and write API calls per second at peak, from the table's source. */
export function tableRates(t: DynamoTable, webDynamicRps: number): { readOps: number; writeOps: number } {
  const web = safe(webDynamicRps);
  return t.source === 'direct'
    ? { readOps: safe(t.readsPerSec), writeOps: safe(t.writesPerSec) }
    : { readOps: safe(web * t.readsPerRequest), writeOps: safe(web * t.writesPerRequest) };
}

/** What every selector of one table reads: the plan's table and the numbers derived from it first. */
export interface TableContext {
  t: DynamoTable;
  webDynamicRps: number;
  /** Peak / average, at least 1. */
  p2a: number;
  readOps: number;
  writeOps: number;
  a: DynamoAutoscaling;
  provisioned: boolean;
  shape: readonly number[];
}

export function tableContext(t: DynamoTable, webDynamicRps: number): TableContext {
  const { readOps, writeOps } = tableRates(t, webDynamicRps);
  const p2a = Math.max(1, t.peakToAverage);
  return { t, webDynamicRps, p2a, readOps, writeOps, a: t.autoscaling, provisioned: t.capacityMode === 'provisioned', shape: dailyShape(p2a) };
}

