/**
 * A provisioned table's auto scaling targets as the exported files write them (issue 12 item 3):
 * one per (table or GSI) × (read, write), each with the capacity it is created with, its minimum
 * and its maximum, all consistent with the per-table quota the files claim.
 *
 * - Start units: the planned peak, clamp(ceil(peak / target), min, max). Never below the minimum
 *   (a scalable target whose resource starts below MinCapacity is raised on its first evaluation,
 *   so a lower number in the file would be a lie), never above the maximum.
 * - Quota: DOMAIN.md D.2, 40,000 read and 40,000 write units per table INCLUDING its GSIs. When the
 *   start units need more, the files claim the increase (and a finding says to request it in
 *   Service Quotas before deploying); otherwise they claim the default.
 * - Maxima: auto scaling can never raise the table and its GSIs above the quota together, so when
 *   the entered maxima sum above it, each is lowered, keeping its start units, in proportion to
 *   its headroom (max − start), until the sum fits.
 */
import { explain } from '../explain';
import type { TableContext } from './table-context';
import type { DynamoCapacityTargets, DynamoDimension, DynamoScalingTarget, DynamoTableUnits } from './types';
import { TABLE_QUOTA_UNITS } from './units';

interface Wanted {
  index: string | null;
  startUnits: number;
  minUnits: number;
  maxUnits: number;
}

/** Lower the maxima (not below each start) so that they sum to at most `quota`. */
export function fitMaxima(wanted: readonly Wanted[], quota: number): { maxima: number[]; capped: boolean } {
  const sumMax = wanted.reduce((s, w) => s + w.maxUnits, 0);
  if (sumMax <= quota) return { maxima: wanted.map((w) => w.maxUnits), capped: false };
  const sumStart = wanted.reduce((s, w) => s + w.startUnits, 0);
  const room = Math.max(0, quota - sumStart);
  const headroom = sumMax - sumStart;
  return {
    maxima: wanted.map((w) => w.startUnits + (headroom > 0 ? Math.floor((room * (w.maxUnits - w.startUnits)) / headroom) : 0)),
    capped: true,
  };
}

function dimensionTargets(dimension: DynamoDimension, wanted: readonly Wanted[]): { quota: number; targets: DynamoScalingTarget[]; capped: boolean } {
  const sumStart = wanted.reduce((s, w) => s + w.startUnits, 0);
  const quota = Math.max(TABLE_QUOTA_UNITS, sumStart);
  const { maxima, capped } = fitMaxima(wanted, quota);
  return {
    quota,
    capped,
    targets: wanted.map((w, i) => ({ index: w.index, dimension, startUnits: w.startUnits, minUnits: w.minUnits, maxUnits: maxima[i] ?? w.maxUnits, enteredMaxUnits: w.maxUnits })),
  };
}

function quotaExplained(dim: DynamoDimension, quota: number, targets: DynamoScalingTarget[]) {
  const unit = dim === 'read' ? 'RCU' : 'WCU';
  return explain(quota, {
    key: `capacityTargets.quota${unit.charAt(0)}${unit.slice(1).toLowerCase()}`,
    label: `Per-table ${dim} quota the files claim`,
    unit,
    formula: `max(40,000, Σ start ${unit} of table + GSIs)`,
    inputs: { [`start${unit}`]: targets.reduce((s, t) => s + t.startUnits, 0), defaultQuota: TABLE_QUOTA_UNITS },
    why: `The default per-table quota is 40,000 ${unit}, table + all its GSIs (DOMAIN.md D.2). The files claim it, or the increase the start units need; auto scaling maxima are fitted inside it.`,
  });
}

export function selectCapacityTargets(c: TableContext, u: Pick<DynamoTableUnits, 'provisionedPeakRcu' | 'provisionedPeakWcu' | 'gsis'>): Pick<DynamoTableUnits, 'capacityTargets'> {
  if (!c.provisioned) return { capacityTargets: null };
  const { a } = c;
  const reads = dimensionTargets('read', [
    { index: null, startUnits: u.provisionedPeakRcu.value, minUnits: a.minRcu, maxUnits: a.maxRcu },
    ...u.gsis.map((g) => ({ index: g.name, startUnits: g.provisionedPeakRcu.value, minUnits: a.minRcu, maxUnits: a.maxRcu })),
  ]);
  const writes = dimensionTargets('write', [
    { index: null, startUnits: u.provisionedPeakWcu.value, minUnits: a.minWcu, maxUnits: a.maxWcu },
    ...u.gsis.map((g) => ({ index: g.name, startUnits: g.provisionedPeakWcu.value, minUnits: a.minWcu, maxUnits: a.maxWcu })),
  ]);
  const capacityTargets: DynamoCapacityTargets = {
    quotaRcu: quotaExplained('read', reads.quota, reads.targets),
    quotaWcu: quotaExplained('write', writes.quota, writes.targets),
    targets: [...reads.targets, ...writes.targets],
    maxCapped: { read: reads.capped, write: writes.capped },
  };
  return { capacityTargets };
}
