/**
 * The price-free half of a table's sizing (issue 10): capacity units by DynamoDB's rounding,
 * provisioned sizing with auto scaling, partitions and hot keys, quota, storage volume and batching.
 * A chain of small named functions, one per output group (like pgtune's selectors): each takes the
 * table's context and the outputs it builds on, and returns explained numbers. Prices never enter
 * here; ./table-cost.ts adds them. Rules and limits are in DOMAIN.md section D.
 */
import type { DynamoAutoscaling, DynamoTable } from '../../plan/dynamodb-schema';
import { explain, round } from '../explain';
import type { Explained } from '../types';
import { expectedReadUnits, expectedWriteUnits, meanBytes, mixText, sizesFor } from './size-mix';
import { ceilUnits, simulateDay, SCALE_UP_DATAPOINTS, UPDATE_LAG_MIN, type DaySimulation, type ScalingSettings } from './simulate';
import { selectCapacityTargets } from './capacity-targets';
import { safe, tableContext, type TableContext } from './table-context';
import { selectAlarmThresholds } from './alarms';
import { selectStream } from './streams';
import type { DynamoGsiResult, DynamoTableUnits } from './types';
import { BATCH_GET_MAX, BATCH_WRITE_MAX, BURST_SECONDS, pagedSumReadUnits, PARTITION_GB, PARTITION_RCU, PARTITION_WCU, TABLE_QUOTA_UNITS, writeUnitsOfSize } from './units';

/** Seconds from the first datapoint above target until a scale-up lands (2 datapoints + UpdateTable lag). */
export const SCALE_UP_REACTION_S = (SCALE_UP_DATAPOINTS + UPDATE_LAG_MIN) * 60;
/** Per-item storage overhead (DOMAIN.md D.1). */
export const ITEM_OVERHEAD_BYTES = 100;


/** Auto scaling's capacity for a consumed rate: ceil(consumed / target), clamped to min..max (≥ 1). */
export function autoscaledUnits(consumed: number, targetPct: number, minUnits: number, maxUnits: number): number {
  const want = Math.max(1, ceilUnits((safe(consumed) * 100) / Math.min(90, Math.max(20, targetPct))));
  return Math.min(Math.max(minUnits, 1, want), Math.max(1, maxUnits));
}

export function readScaling(a: DynamoAutoscaling): ScalingSettings {
  return { minUnits: a.minRcu, maxUnits: a.maxRcu, targetPct: a.readTargetPct };
}
export function writeScaling(a: DynamoAutoscaling): ScalingSettings {
  return { minUnits: a.minWcu, maxUnits: a.maxWcu, targetPct: a.writeTargetPct };
}

/**
 * Strong read units of one read call of each kind (D.1 rounding), from each operation's size mix:
 * GetItem and BatchGetItem round every item, Query and Scan sum the items (mean size) per page.
 */
export function readUnitsPerCall(t: DynamoTable) {
  return {
    get: expectedReadUnits(sizesFor(t, 'get')),
    batchGet: t.itemsPerBatchGet * expectedReadUnits(sizesFor(t, 'batchGet')),
    query: pagedSumReadUnits(t.itemsPerQuery, meanBytes(sizesFor(t, 'query'))),
    scan: pagedSumReadUnits(t.itemsPerScan, meanBytes(sizesFor(t, 'scan'))),
  };
}

/** The size mixes an explanation names (only those the plan entered). */
function mixInputs(t: DynamoTable): Record<string, string> {
  return Object.fromEntries(Object.entries(t.itemSizeMix).filter(([, m]) => m.length > 0).map(([op, m]) => [`${op}Sizes`, mixText(m)]));
}

/** Share of the table's Query calls that go to its GSIs (the schema keeps it ≤ 1). */
export function indexQueryShare(t: DynamoTable): number {
  return Math.min(1, t.gsis.reduce((s, g) => s + g.queryShare, 0));
}

// ── Throughput ──────────────────────────────────────────────────────────────────────────────

export function selectOpRates(c: TableContext): Pick<DynamoTableUnits, 'readOpsPerSec' | 'writeOpsPerSec'> {
  const { t } = c;
  const direct = t.source === 'direct';
  const why = direct ? 'Entered directly, as the peak rate of the day.' : "The web tier's planned dynamic request rate (the peak it is sized for) × calls per request.";
  const web = round(safe(c.webDynamicRps), 3);
  return {
    readOpsPerSec: explain(c.readOps, {
      key: 'readsPerSec',
      label: 'Read calls at peak',
      unit: '/s',
      formula: direct ? 'reads/s (entered)' : 'web dynamic rps × reads per request',
      inputs: direct ? { readsPerSec: t.readsPerSec } : { webDynamicRps: web, readsPerRequest: t.readsPerRequest },
      why,
    }),
    writeOpsPerSec: explain(c.writeOps, {
      key: 'writesPerSec',
      label: 'Item writes at peak',
      unit: '/s',
      formula: direct ? 'writes/s (entered)' : 'web dynamic rps × writes per request',
      inputs: direct ? { writesPerSec: t.writesPerSec } : { webDynamicRps: web, writesPerRequest: t.writesPerRequest },
      why,
    }),
  };
}

export function selectReadUnits(c: TableContext): Pick<DynamoTableUnits, 'strongRcuPerRead' | 'consistencyFactor' | 'rcuPerRead'> {
  const { t } = c;
  const u = readUnitsPerCall(t);
  const tableQueryShare = t.queryShare * (1 - indexQueryShare(t));
  const strongPerRead = t.getShare * u.get + t.batchGetShare * u.batchGet + tableQueryShare * u.query + t.scanShare * u.scan;
  const factor = t.eventualShare * 0.5 + t.strongShare * 1 + t.transactionalShare * 2;
  return {
    strongRcuPerRead: explain(strongPerRead, {
      key: 'strongRcuPerRead',
      label: 'Strong RCU per read call',
      unit: 'RCU',
      formula: 'get% × ceil(size/4 KB) + batchGet% × items × ceil(size/4 KB) + query% × (1 − index query share) × ceil(items × size / 4 KB) + scan% × ceil(evaluated × size / 4 KB)',
      inputs: {
        itemSizeBytes: t.itemSizeBytes,
        getShare: t.getShare,
        batchGetShare: t.batchGetShare,
        itemsPerBatchGet: t.itemsPerBatchGet,
        queryShare: t.queryShare,
        indexQueryShare: round(indexQueryShare(t), 4),
        itemsPerQuery: t.itemsPerQuery,
        scanShare: t.scanShare,
        itemsPerScan: t.itemsPerScan,
        getRcu: u.get,
        batchGetRcu: u.batchGet,
        queryRcu: u.query,
        scanRcu: u.scan,
        ...mixInputs(t),
      },
      why: 'Binary KB. GetItem and BatchGetItem round each item up to 4 KB (with a size mix: Σ share × ceil(size / 4 KB), not the mean’s rounding); Query and Scan sum the item sizes (the mix’s mean), then round once per 1 MB page; Scan pays for every item evaluated (DOMAIN.md D.1). Queries sent to a GSI are not here: they consume the index’s read capacity.',
    }),
    consistencyFactor: explain(factor, {
      key: 'consistencyFactor',
      label: 'Consistency factor',
      unit: '×',
      formula: 'eventual% × ½ + strong% × 1 + transactional% × 2',
      inputs: { eventualShare: t.eventualShare, strongShare: t.strongShare, transactionalShare: t.transactionalShare },
      why: 'Eventually consistent reads cost half a strong read; transactional reads cost double (prepare + commit) (DOMAIN.md D.1). GSI reads are always eventual.',
    }),
    rcuPerRead: explain(strongPerRead * factor, {
      key: 'rcuPerRead',
      label: 'RCU per read call',
      unit: 'RCU',
      formula: 'strong RCU per read × consistency factor',
      inputs: { strongRcuPerRead: round(strongPerRead, 4), consistencyFactor: round(factor, 4) },
      why: 'What one read call of the mix consumes on average.',
    }),
  };
}

export function selectWriteUnits(c: TableContext): Pick<DynamoTableUnits, 'wcuPerWrite'> {
  const { t } = c;
  return {
    wcuPerWrite: explain(expectedWriteUnits(sizesFor(t, 'write')) * (1 + t.transactionalWriteShare), {
      key: 'wcuPerWrite',
      label: 'WCU per item write',
      unit: 'WCU',
      formula: t.itemSizeMix.write.length > 0 ? 'Σ share × ceil(size / 1 KB) × (1 + transactional write share)' : 'ceil(write item size / 1 KB) × (1 + transactional write share)',
      inputs: { writeItemSizeBytes: t.writeItemSizeBytes, transactionalWriteShare: t.transactionalWriteShare, ...(t.itemSizeMix.write.length > 0 ? { writeSizes: mixText(t.itemSizeMix.write) } : {}) },
      why: 'Writes round each item up to 1 KB; UpdateItem counts the larger of before and after; transactional writes cost 2× (DOMAIN.md D.1).',
    }),
  };
}

/** The daily average of a peak rate: peak / peak-to-average (the plan's rates are peaks). */
function dailyAverage(c: TableContext, key: string, label: string, unitName: 'RCU' | 'WCU', peak: number, why: string): Explained {
  return explain(peak / c.p2a, {
    key,
    label,
    unit: `${unitName}/s`,
    formula: `peak ${unitName} / peak-to-average`,
    inputs: { [`peak${unitName.charAt(0)}${unitName.slice(1).toLowerCase()}`]: round(peak, 3), peakToAverage: c.p2a },
    why,
  });
}

export function selectConsumed(
  c: TableContext,
  reads: Pick<DynamoTableUnits, 'strongRcuPerRead' | 'consistencyFactor'>,
  wcuPerWrite: number,
): Pick<DynamoTableUnits, 'peakRcu' | 'avgRcu' | 'peakWcu' | 'avgWcu'> {
  const rcuPerRead = reads.strongRcuPerRead.value * reads.consistencyFactor.value;
  // Same association as calls × strong units × factor, so the float result never moves.
  const peakRcuV = safe(c.readOps * reads.strongRcuPerRead.value * reads.consistencyFactor.value);
  const peakWcuV = safe(c.writeOps * wcuPerWrite);
  return {
    peakRcu: explain(peakRcuV, {
      key: 'peakRcu',
      label: 'Consumed RCU at peak',
      unit: 'RCU/s',
      formula: 'read calls/s × RCU per read',
      inputs: { readOpsPerSec: round(c.readOps, 3), rcuPerRead: round(rcuPerRead, 4) },
      why: 'Read capacity the table must serve at the daily peak (DOMAIN.md D.1).',
    }),
    avgRcu: dailyAverage(c, 'avgRcu', 'Consumed RCU, daily average', 'RCU', peakRcuV, 'On-demand bills the average; provisioned capacity follows the curve through auto scaling.'),
    peakWcu: explain(peakWcuV, {
      key: 'peakWcu',
      label: 'Consumed WCU at peak (table)',
      unit: 'WCU/s',
      formula: 'item writes/s × WCU per write',
      inputs: { writeOpsPerSec: round(c.writeOps, 3), wcuPerWrite: round(wcuPerWrite, 4) },
      why: 'Write capacity of the base table at the daily peak (DOMAIN.md D.1).',
    }),
    avgWcu: dailyAverage(c, 'avgWcu', 'Consumed WCU, daily average (table)', 'WCU', peakWcuV, 'Average write load of the base table.'),
  };
}

// ── GSIs ────────────────────────────────────────────────────────────────────────────────────

/**
 * The index entry a GSI is sized with (DOMAIN.md D.1, G.7): ALL copies the whole item, so an index
 * write is the item written and an index read or stored entry is the item read; KEYS_ONLY and
 * INCLUDE copy the keys (and the listed attributes), entered as the projected entry size.
 */
export function gsiEntryBytes(t: DynamoTable, g: DynamoTable['gsis'][number]): { write: number; stored: number; writeUnits: number } {
  if (g.projection !== 'ALL') return { write: g.projectedEntryBytes, stored: g.projectedEntryBytes, writeUnits: writeUnitsOfSize(g.projectedEntryBytes) };
  // Each index write copies the item written, rounded on its own: the write size mix applies.
  const writes = sizesFor(t, 'write');
  return { write: meanBytes(writes), stored: t.itemSizeBytes, writeUnits: expectedWriteUnits(writes) };
}

/** Reads of one GSI: its share of the Query calls, sized on the index entries, eventual only (DOMAIN.md D.1). */
function selectGsiReads(c: TableContext, g: DynamoTable['gsis'][number], entryStored: number): Pick<DynamoGsiResult, 'queriesPerSec' | 'rcuPerQuery' | 'peakRcu' | 'provisionedPeakRcu'> {
  const { t, a } = c;
  const queries = safe(c.readOps * t.queryShare * g.queryShare);
  const perQuery = pagedSumReadUnits(t.itemsPerQuery, entryStored) * 0.5;
  const peak = safe(queries * perQuery);
  return {
    queriesPerSec: explain(queries, {
      key: `gsi.${g.name}.queriesPerSec`,
      label: `${g.name}: index queries at peak`,
      unit: '/s',
      formula: 'read calls/s × query share × index query share',
      inputs: { readOpsPerSec: round(c.readOps, 3), queryShare: t.queryShare, indexQueryShare: g.queryShare },
      why: 'Queries against an index are served by the index, not the base table.',
    }),
    rcuPerQuery: explain(perQuery, {
      key: `gsi.${g.name}.rcuPerQuery`,
      label: `${g.name}: RCU per index query`,
      unit: 'RCU',
      formula: 'ceil(items × index entry / 4 KB) per 1 MB page × ½',
      inputs: { itemsPerQuery: t.itemsPerQuery, entryBytes: entryStored },
      why: 'A Query on a GSI sums the projected index-entry sizes, then rounds to 4 KB; GSI reads are eventually consistent only, so half a strong read (DOMAIN.md D.1).',
    }),
    peakRcu: explain(peak, {
      key: `gsi.${g.name}.peakRcu`,
      label: `${g.name}: consumed RCU at peak`,
      unit: 'RCU/s',
      formula: 'index queries/s × RCU per index query',
      inputs: { queriesPerSec: round(queries, 3), rcuPerQuery: perQuery },
      why: 'Each GSI has its own read capacity (DOMAIN.md D.1).',
    }),
    provisionedPeakRcu: explain(autoscaledUnits(peak, a.readTargetPct, a.minRcu, a.maxRcu), {
      key: `gsi.${g.name}.provisionedPeakRcu`,
      label: `${g.name}: provisioned RCU at peak`,
      unit: 'RCU',
      formula: 'clamp(ceil(peak / read target), min RCU, max RCU)',
      inputs: { peak: round(peak, 3), readTargetPct: a.readTargetPct, minRcu: a.minRcu, maxRcu: a.maxRcu },
      why: 'Auto scaling with the table’s read settings; an index nobody queries stays at the minimum.',
    }),
  };
}

export function selectGsi(c: TableContext, g: DynamoTable['gsis'][number]): { result: DynamoGsiResult; sim: DaySimulation; readSim: DaySimulation } {
  const { t, a } = c;
  const entry = gsiEntryBytes(t, g);
  const entryUnits = entry.writeUnits;
  // (touching − key-changing) × 1 index write + key-changing × 2 = touching + key-changing.
  const perWrite = (g.writeShare + g.keyChangeShare) * entryUnits;
  const peak = safe(c.writeOps * perWrite);
  const sim = simulateDay(peak, c.shape, writeScaling(a));
  const storage = safe((t.storageGB * g.writeShare * (entry.stored + ITEM_OVERHEAD_BYTES)) / (t.itemSizeBytes + ITEM_OVERHEAD_BYTES));
  const all = g.projection === 'ALL';
  // An index Query on ALL returns whole items: the Query size mix applies.
  const reads = selectGsiReads(c, g, g.projection === 'ALL' ? meanBytes(sizesFor(t, 'query')) : entry.stored);
  const readSim = simulateDay(reads.peakRcu.value, c.shape, readScaling(a));
  const result: DynamoGsiResult = {
    name: g.name,
    projection: g.projection,
    entryBytes: explain(entry.write, {
      key: `gsi.${g.name}.entryBytes`,
      label: `${g.name}: index entry size (${g.projection})`,
      unit: 'B',
      // With a write size mix the item written is the mix's (its mean shown; units are rounded per size).
      formula: all ? (t.itemSizeMix.write.length > 0 ? 'mean size of the write size mix (projection ALL copies the whole item)' : 'write item size (projection ALL copies the whole item)') : `projected entry size (${g.projection})`,
      inputs: all
        ? t.itemSizeMix.write.length > 0
          ? { writeSizeMix: mixText(t.itemSizeMix.write), itemSizeBytes: t.itemSizeBytes }
          : { writeItemSizeBytes: t.writeItemSizeBytes, itemSizeBytes: t.itemSizeBytes }
        : { projectedEntryBytes: g.projectedEntryBytes },
      why: all
        ? 'ALL projects every attribute, so each index write is as large as the item written and each stored entry as large as the item (DOMAIN.md D.1, G.7). The export writes ProjectionType ALL.'
        : `The export writes ProjectionType ${g.projection}${g.projection === 'INCLUDE' ? ` with ${g.includedAttributes} placeholder NonKeyAttributes` : ''}: the index holds only what this size was entered for (DOMAIN.md G.7).`,
    }),
    ...reads,
    meanProvisionedRcu: explain(readSim.meanProvisioned, {
      key: `gsi.${g.name}.meanProvisionedRcu`,
      label: `${g.name}: provisioned RCU, daily mean`,
      unit: 'RCU',
      formula: 'mean of the simulated auto-scaled read capacity over the day',
      inputs: { peak: round(reads.peakRcu.value, 3), peakToAverage: c.p2a, readTargetPct: a.readTargetPct, minRcu: a.minRcu },
      why: 'The index’s read capacity is billed like the table’s, even at the minimum.',
    }),
    wcuPerWrite: explain(perWrite, {
      key: `gsi.${g.name}.wcuPerWrite`,
      label: `${g.name}: index WCU per table write`,
      unit: 'WCU',
      formula: '(write share + key-change share) × ceil(index entry / 1 KB)',
      inputs: { writeShare: g.writeShare, keyChangeShare: g.keyChangeShare, entryBytes: entry.write },
      why: 'A write that touches the index costs 1 index write; one that changes the index key costs 2 (delete + put), each rounded to 1 KB of the index entry (DOMAIN.md D.1). Transactional writes are not doubled on the index here [U].',
    }),
    peakWcu: explain(peak, {
      key: `gsi.${g.name}.peakWcu`,
      label: `${g.name}: consumed WCU at peak`,
      unit: 'WCU/s',
      formula: 'item writes/s × index WCU per write',
      inputs: { writeOpsPerSec: round(c.writeOps, 3), wcuPerWrite: round(perWrite, 4) },
      why: 'Each GSI has its own write capacity; a GSI short of WCU throttles writes to the base table (DOMAIN.md D.1).',
    }),
    avgWcu: explain(peak / c.p2a, {
      key: `gsi.${g.name}.avgWcu`,
      label: `${g.name}: consumed WCU, daily average`,
      unit: 'WCU/s',
      formula: 'peak / peak-to-average',
      inputs: { peak: round(peak, 3), peakToAverage: c.p2a },
      why: 'Average index write load.',
    }),
    provisionedPeakWcu: explain(autoscaledUnits(peak, a.writeTargetPct, a.minWcu, a.maxWcu), {
      key: `gsi.${g.name}.provisionedPeakWcu`,
      label: `${g.name}: provisioned WCU at peak`,
      unit: 'WCU',
      formula: 'clamp(ceil(peak / write target), min WCU, max WCU)',
      inputs: { peak: round(peak, 3), writeTargetPct: a.writeTargetPct, minWcu: a.minWcu, maxWcu: a.maxWcu },
      why: 'Auto scaling with the table’s write settings (the console applies the same settings to GSIs).',
    }),
    meanProvisionedWcu: explain(sim.meanProvisioned, {
      key: `gsi.${g.name}.meanProvisionedWcu`,
      label: `${g.name}: provisioned WCU, daily mean`,
      unit: 'WCU',
      formula: 'mean of the simulated auto-scaled capacity over the day',
      inputs: { peak: round(peak, 3), peakToAverage: c.p2a, writeTargetPct: a.writeTargetPct },
      why: 'What the provisioned bill pays for on average.',
    }),
    storageGB: explain(storage, {
      key: `gsi.${g.name}.storageGB`,
      label: `${g.name}: index storage`,
      unit: 'GB',
      formula: 'table GB × write share × (entry + 100 B) / (item + 100 B)',
      inputs: { storageGB: t.storageGB, writeShare: g.writeShare, entryBytes: entry.stored, itemSizeBytes: t.itemSizeBytes },
      why: 'Index storage per item is the projected entry + 100 bytes (DOMAIN.md D.1); the write share stands in for the share of items in the index.',
    }),
  };
  return { result, sim, readSim };
}

export function selectTotals(c: TableContext, peakRcu: number, peakWcu: number, gsis: DynamoGsiResult[]): Pick<DynamoTableUnits, 'totalAvgRcu' | 'totalPeakWcu' | 'totalAvgWcu'> {
  const gsiPeak = gsis.reduce((s, g) => s + g.peakWcu.value, 0);
  const gsiPeakRcu = gsis.reduce((s, g) => s + g.peakRcu.value, 0);
  return {
    totalAvgRcu: explain((peakRcu + gsiPeakRcu) / c.p2a, {
      key: 'totalAvgRcu',
      label: 'Consumed RCU, daily average, table + GSIs',
      unit: 'RCU/s',
      formula: '(table RCU + Σ GSI RCU) at peak / peak-to-average',
      inputs: { tableRcu: round(peakRcu, 3), gsiRcu: round(gsiPeakRcu, 3), peakToAverage: c.p2a },
      why: 'On-demand bills this many read request units per second on average; index queries are billed on the index.',
    }),
    totalPeakWcu: explain(peakWcu + gsiPeak, {
      key: 'totalPeakWcu',
      label: 'Consumed WCU at peak, table + GSIs',
      unit: 'WCU/s',
      formula: 'table WCU + Σ GSI WCU',
      inputs: { tableWcu: round(peakWcu, 3), gsiWcu: round(gsiPeak, 3) },
      why: 'The write cost is the base-table write plus every GSI update (DOMAIN.md D.1).',
    }),
    totalAvgWcu: explain((peakWcu + gsiPeak) / c.p2a, {
      key: 'totalAvgWcu',
      label: 'Consumed WCU, daily average, table + GSIs',
      unit: 'WCU/s',
      formula: 'total peak WCU / peak-to-average',
      inputs: { totalPeakWcu: round(peakWcu + gsiPeak, 3), peakToAverage: c.p2a },
      why: 'On-demand bills this many write request units per second on average.',
    }),
  };
}

// ── Provisioned sizing (auto scaling) ───────────────────────────────────────────────────────

type Consumed = Pick<DynamoTableUnits, 'peakRcu' | 'avgRcu' | 'peakWcu' | 'avgWcu'>;

export function selectProvisioned(c: TableContext, u: Consumed): Pick<DynamoTableUnits, 'provisionedPeakRcu' | 'provisionedAvgRcu' | 'provisionedPeakWcu' | 'provisionedAvgWcu'> {
  const { a } = c;
  const why = 'Target tracking keeps consumed / provisioned at the target (20–90%; 70% reads and 50% writes are the usual advice), never below min or above max, and at least 1 (DOMAIN.md D.2).';
  const one = (key: string, label: string, consumed: number, read: boolean, at: 'peak' | 'average') =>
    explain(read ? autoscaledUnits(consumed, a.readTargetPct, a.minRcu, a.maxRcu) : autoscaledUnits(consumed, a.writeTargetPct, a.minWcu, a.maxWcu), {
      key,
      label,
      unit: read ? 'RCU' : 'WCU',
      formula: read ? `clamp(ceil(${at} RCU / read target), min RCU, max RCU)` : `clamp(ceil(${at} WCU / write target), min WCU, max WCU)`,
      inputs: read
        ? { [at === 'peak' ? 'peakRcu' : 'avgRcu']: round(consumed, 3), readTargetPct: a.readTargetPct, minRcu: a.minRcu, maxRcu: a.maxRcu }
        : { [at === 'peak' ? 'peakWcu' : 'avgWcu']: round(consumed, 3), writeTargetPct: a.writeTargetPct, minWcu: a.minWcu, maxWcu: a.maxWcu },
      why,
    });
  return {
    provisionedPeakRcu: one('provisionedPeakRcu', 'Provisioned RCU at peak', u.peakRcu.value, true, 'peak'),
    provisionedAvgRcu: one('provisionedAvgRcu', 'Provisioned RCU at average load', u.avgRcu.value, true, 'average'),
    provisionedPeakWcu: one('provisionedPeakWcu', 'Provisioned WCU at peak (table)', u.peakWcu.value, false, 'peak'),
    provisionedAvgWcu: one('provisionedAvgWcu', 'Provisioned WCU at average load (table)', u.avgWcu.value, false, 'average'),
  };
}

/** The table's simulated days: reads, base-table writes and each GSI's writes. */
export interface TableSims {
  readSim: DaySimulation;
  writeSim: DaySimulation;
  /** Each GSI's writes. */
  gsiSims: DaySimulation[];
  /** Each GSI's reads (its queries, or the minimum). */
  gsiReadSims: DaySimulation[];
}

export const simWhy = (p2a: number) =>
  `Mean over a simulated day: raised-cosine traffic with peak / average = ${p2a}; scale up after ${SCALE_UP_DATAPOINTS} one-minute datapoints above target (+${UPDATE_LAG_MIN} min for UpdateTable), down after 15 below, at most 27 decreases a day (DOMAIN.md D.2).`;

export function selectMeanProvisioned(
  c: TableContext,
  sims: TableSims,
  peakRcu: number,
  totalAvgRcu: number,
  totalAvgWcu: number,
): Pick<DynamoTableUnits, 'meanProvisionedRcu' | 'meanProvisionedWcu' | 'readUtilisation' | 'writeUtilisation'> {
  const { a } = c;
  const { readSim, writeSim, gsiSims, gsiReadSims } = sims;
  const gsiMeanProv = gsiSims.reduce((s, g) => s + g.meanProvisioned, 0);
  const gsiMeanProvRcu = gsiReadSims.reduce((s, g) => s + g.meanProvisioned, 0);
  const meanProvRcuTotal = readSim.meanProvisioned + gsiMeanProvRcu;
  const meanProvWcuTotal = writeSim.meanProvisioned + gsiMeanProv;
  const breakEven = 'Provisioned is cheaper than on-demand above the break-even utilisation (see the cost figures; 28.9% at the us-east-1 prices of DOMAIN.md D.3).';
  return {
    meanProvisionedRcu: explain(meanProvRcuTotal, {
      key: 'meanProvisionedRcu',
      label: gsiReadSims.length > 0 ? 'Provisioned RCU, daily mean, table + GSIs' : 'Provisioned RCU, daily mean',
      unit: 'RCU',
      formula: gsiReadSims.length > 0 ? 'mean simulated table RCU + Σ mean simulated GSI RCU' : 'mean of the simulated auto-scaled read capacity',
      inputs: { peakRcu: round(peakRcu, 3), peakToAverage: c.p2a, readTargetPct: a.readTargetPct, minRcu: a.minRcu, maxRcu: a.maxRcu, gsiRcu: round(gsiMeanProvRcu, 3) },
      why: simWhy(c.p2a),
    }),
    meanProvisionedWcu: explain(meanProvWcuTotal, {
      key: 'meanProvisionedWcu',
      label: 'Provisioned WCU, daily mean, table + GSIs',
      unit: 'WCU',
      formula: 'mean simulated table WCU + Σ mean simulated GSI WCU',
      inputs: { tableWcu: round(writeSim.meanProvisioned, 3), gsiWcu: round(gsiMeanProv, 3), writeTargetPct: a.writeTargetPct },
      why: simWhy(c.p2a),
    }),
    readUtilisation: explain(meanProvRcuTotal > 0 ? safe(totalAvgRcu / meanProvRcuTotal) : 0, {
      key: 'readUtilisation',
      label: 'Average read utilisation',
      unit: 'share',
      formula: 'average consumed RCU / mean provisioned RCU (table + GSIs)',
      inputs: { avgRcu: round(totalAvgRcu, 3), meanProvisionedRcu: round(meanProvRcuTotal, 3) },
      why: `${breakEven} Minimum capacity and the decrease budget pull it below the target.`,
    }),
    writeUtilisation: explain(meanProvWcuTotal > 0 ? safe(totalAvgWcu / meanProvWcuTotal) : 0, {
      key: 'writeUtilisation',
      label: 'Average write utilisation',
      unit: 'share',
      formula: 'average consumed WCU / mean provisioned WCU (table + GSIs)',
      inputs: { avgWcu: round(totalAvgWcu, 3), meanProvisionedWcu: round(meanProvWcuTotal, 3) },
      why: breakEven,
    }),
  };
}

/** A step from average to peak with a full burst bucket of 300 s × provisioned: when throttling starts. */
function spikeThrottleStart(c: TableContext, peak: number, provAvg: number, unit: string, key: string, label: string): Explained<number | null> {
  const excess = peak - provAvg;
  const value = !c.provisioned || excess <= 0 ? null : safe((BURST_SECONDS * provAvg) / excess);
  return explain<number | null>(value, {
    key,
    label,
    unit: 's',
    formula: excess > 0 ? `300 s × provisioned at average / (peak − provisioned at average)` : 'peak ≤ provisioned at average: never',
    inputs: { [`peak${unit}`]: round(peak, 3), [`provisionedAtAverage${unit}`]: provAvg, burstSeconds: BURST_SECONDS, scaleUpReactionS: SCALE_UP_REACTION_S },
    why: c.provisioned
      ? `If traffic jumps from the daily average to the peak at once, DynamoDB's burst bucket (up to 300 s of unused capacity; DOMAIN.md D.2) absorbs the excess until it is empty; then requests are throttled until auto scaling lands (≥ ${SCALE_UP_REACTION_S} s: 2 one-minute datapoints + UpdateTable). AWS may use burst capacity for maintenance, so do not plan on it.`
      : 'On-demand absorbs up to 2× the previous peak instantly; the daily peak repeats, so it is within that (DOMAIN.md D.2).',
  });
}

export function selectSpikes(
  c: TableContext,
  u: Consumed & Pick<DynamoTableUnits, 'provisionedAvgRcu' | 'provisionedAvgWcu'>,
): Pick<DynamoTableUnits, 'readSpikeThrottleStartsS' | 'writeSpikeThrottleStartsS'> {
  return {
    readSpikeThrottleStartsS: spikeThrottleStart(c, u.peakRcu.value, u.provisionedAvgRcu.value, 'Rcu', 'readSpikeThrottleStartsS', 'Read spike: throttling starts after'),
    writeSpikeThrottleStartsS: spikeThrottleStart(c, u.peakWcu.value, u.provisionedAvgWcu.value, 'Wcu', 'writeSpikeThrottleStartsS', 'Write spike: throttling starts after'),
  };
}

export function selectThrottledMinutes(c: TableContext, sims: TableSims): Pick<DynamoTableUnits, 'throttledMinutesPerDay'> {
  const gsiMinutes = [...sims.gsiSims, ...sims.gsiReadSims].reduce((s, g) => s + g.throttledMinutes, 0);
  const minutes = c.provisioned ? sims.readSim.throttledMinutes + sims.writeSim.throttledMinutes + gsiMinutes : 0;
  return {
    throttledMinutesPerDay: explain(minutes, {
      key: 'throttledMinutesPerDay',
      label: 'Throttled minutes in the simulated day',
      unit: 'min',
      formula: 'Σ minutes with demand above provisioned + burst (reads, table writes, each GSI)',
      inputs: { reads: sims.readSim.throttledMinutes, writes: sims.writeSim.throttledMinutes, gsis: gsiMinutes },
      why: c.provisioned ? simWhy(c.p2a) : 'On-demand: no provisioned capacity to exceed within 2× the previous peak.',
    }),
  };
}

// ── Partitions and hot keys ─────────────────────────────────────────────────────────────────

type Provisioned = Pick<DynamoTableUnits, 'provisionedPeakRcu' | 'provisionedPeakWcu'>;

export function selectPartitions(c: TableContext, u: Consumed & Provisioned): Pick<DynamoTableUnits, 'partitionsByThroughput' | 'partitionsBySize' | 'partitions'> {
  const partRcu = c.provisioned ? u.provisionedPeakRcu.value : u.peakRcu.value;
  const partWcu = c.provisioned ? u.provisionedPeakWcu.value : u.peakWcu.value;
  const byThroughput = Math.max(1, Math.ceil(partRcu / PARTITION_RCU + partWcu / PARTITION_WCU));
  const bySize = Math.max(1, Math.ceil(c.t.storageGB / PARTITION_GB));
  return {
    partitionsByThroughput: explain(byThroughput, {
      key: 'partitionsByThroughput',
      label: 'Partitions for throughput',
      unit: '',
      formula: 'ceil(RCU / 3,000 + WCU / 1,000)',
      inputs: { rcu: round(partRcu, 3), wcu: round(partWcu, 3) },
      why: `Each partition serves up to 3,000 RCU and 1,000 WCU (DOMAIN.md D.2). Uses ${c.provisioned ? 'provisioned capacity at peak' : 'consumed units at peak'}; partitions are never merged after a peak.`,
    }),
    partitionsBySize: explain(bySize, {
      key: 'partitionsBySize',
      label: 'Partitions for storage',
      unit: '',
      formula: 'ceil(storage GB / 10 GB)',
      inputs: { storageGB: c.t.storageGB },
      why: 'A partition holds at most 10 GB (DOMAIN.md D.2).',
    }),
    partitions: explain(Math.max(byThroughput, bySize), {
      key: 'partitions',
      label: 'Partitions (estimate)',
      unit: '',
      formula: 'max(partitions for throughput, partitions for storage)',
      inputs: { byThroughput, bySize },
      why: 'AWS does not publish partition counts; this is the classic estimate.',
    }),
  };
}

export function selectHotKey(c: TableContext, u: Consumed): Pick<DynamoTableUnits, 'hotKeyShare' | 'hotKeyRcu' | 'hotKeyWcu'> {
  const { t } = c;
  const share = Math.min(1, Math.max(t.hottestKeyShare, 1 / t.distinctPartitionKeys));
  const peakRcu = u.peakRcu.value;
  const peakWcu = u.peakWcu.value;
  return {
    hotKeyShare: explain(share, {
      key: 'hotKeyShare',
      label: 'Hottest key share of traffic',
      unit: 'share',
      formula: 'max(hottest-key share, 1 / distinct keys)',
      inputs: { hottestKeyShare: t.hottestKeyShare, distinctPartitionKeys: t.distinctPartitionKeys },
      why: 'The hottest key carries at least an even share of the traffic.',
    }),
    hotKeyRcu: explain(peakRcu * share, {
      key: 'hotKeyRcu',
      label: 'Hottest key at peak, reads',
      unit: 'RCU/s',
      formula: 'peak RCU × hottest-key share',
      inputs: { peakRcu: round(peakRcu, 3), hotKeyShare: share },
      why: 'One key value lives in one partition: adaptive capacity can isolate it, but never beyond 3,000 RCU (DOMAIN.md D.2, F.7).',
    }),
    hotKeyWcu: explain(peakWcu * share, {
      key: 'hotKeyWcu',
      label: 'Hottest key at peak, writes',
      unit: 'WCU/s',
      formula: 'peak WCU × hottest-key share',
      inputs: { peakWcu: round(peakWcu, 3), hotKeyShare: share },
      why: 'One key value cannot take more than 1,000 WCU (DOMAIN.md D.2, F.7).',
    }),
  };
}

export function selectHotPartition(
  u: Consumed & Pick<DynamoTableUnits, 'hotKeyShare' | 'hotKeyRcu' | 'hotKeyWcu' | 'partitions'>,
): Pick<DynamoTableUnits, 'hottestPartitionLoad' | 'writeShardingFactor' | 'readShardingFactor'> {
  const share = u.hotKeyShare.value;
  const partitionCount = u.partitions.value;
  const partShare = Math.max(share, 1 / partitionCount);
  const peakRcu = u.peakRcu.value;
  const peakWcu = u.peakWcu.value;
  const wShard = Math.max(1, Math.ceil(u.hotKeyWcu.value / PARTITION_WCU));
  const rShard = Math.max(1, Math.ceil(u.hotKeyRcu.value / PARTITION_RCU));
  return {
    hottestPartitionLoad: explain(Math.max((peakRcu * partShare) / PARTITION_RCU, (peakWcu * partShare) / PARTITION_WCU), {
      key: 'hottestPartitionLoad',
      label: 'Hottest partition load vs its limit',
      unit: 'share',
      formula: 'max(peak RCU × s / 3,000, peak WCU × s / 1,000), s = max(hot-key share, 1 / partitions)',
      inputs: { peakRcu: round(peakRcu, 3), peakWcu: round(peakWcu, 3), hotKeyShare: share, partitions: partitionCount },
      why: 'Above 100% the hottest partition throttles even when the table has capacity to spare (DOMAIN.md D.2).',
    }),
    writeShardingFactor: explain(wShard, {
      key: 'writeShardingFactor',
      label: 'Write-sharding factor for the hot key',
      unit: '×',
      formula: 'max(1, ceil(hot-key WCU / 1,000))',
      inputs: { hotKeyWcu: round(u.hotKeyWcu.value, 3) },
      why: 'Append a suffix 1..N to the hot key so its writes spread over N partitions; reading it back then takes N queries (bp-partition-key-design).',
    }),
    readShardingFactor: explain(rShard, {
      key: 'readShardingFactor',
      label: 'Read-sharding factor for the hot key',
      unit: '×',
      formula: 'max(1, ceil(hot-key RCU / 3,000))',
      inputs: { hotKeyRcu: round(u.hotKeyRcu.value, 3) },
      why: 'Copies of a hot read item spread over N keys, or put a cache (DAX) in front.',
    }),
  };
}

// ── Quota, storage, batching ────────────────────────────────────────────────────────────────

export function selectQuotaUnits(c: TableContext, u: Consumed & Provisioned, gsis: DynamoGsiResult[]): Pick<DynamoTableUnits, 'tablePeakRcuForQuota' | 'tablePeakWcuForQuota'> {
  const gsiPeak = gsis.reduce((s, g) => s + g.peakWcu.value, 0);
  const gsiProvPeak = gsis.reduce((s, g) => s + g.provisionedPeakWcu.value, 0);
  const gsiPeakRcu = gsis.reduce((s, g) => s + g.peakRcu.value, 0);
  const gsiProvPeakRcu = gsis.reduce((s, g) => s + g.provisionedPeakRcu.value, 0);
  const rcu = c.provisioned ? u.provisionedPeakRcu.value + gsiProvPeakRcu : u.peakRcu.value + gsiPeakRcu;
  const wcu = c.provisioned ? u.provisionedPeakWcu.value + gsiProvPeak : u.peakWcu.value + gsiPeak;
  return {
    tablePeakRcuForQuota: explain(rcu, {
      key: 'tablePeakRcuForQuota',
      label: 'Table + GSI read units at peak (quota)',
      unit: 'RCU',
      formula: c.provisioned ? 'provisioned RCU at peak, table + GSIs' : 'consumed RRU at peak, table + GSIs',
      inputs: { value: rcu, quota: TABLE_QUOTA_UNITS },
      why: 'Default per-table quota: 40,000 read units, table + all its GSIs (DOMAIN.md D.2; adjustable).',
    }),
    tablePeakWcuForQuota: explain(wcu, {
      key: 'tablePeakWcuForQuota',
      label: 'Table + GSI write units at peak (quota)',
      unit: 'WCU',
      formula: c.provisioned ? 'provisioned WCU at peak, table + GSIs' : 'consumed WRU at peak, table + GSIs',
      inputs: { value: wcu, quota: TABLE_QUOTA_UNITS },
      why: 'Default per-table quota: 40,000 write units, table + all its GSIs (DOMAIN.md D.2; adjustable).',
    }),
  };
}

export function selectStorage(c: TableContext, gsis: DynamoGsiResult[]): Pick<DynamoTableUnits, 'storageGB' | 'storageGB12m'> {
  const { t } = c;
  const gsiStorage = gsis.reduce((s, g) => s + g.storageGB.value, 0);
  const indexFactor = t.storageGB > 0 ? gsiStorage / t.storageGB : 0;
  return {
    storageGB: explain(t.storageGB + gsiStorage, {
      key: 'storageGB',
      label: 'Storage, table + GSIs',
      unit: 'GB',
      formula: 'table GB + Σ index GB',
      inputs: { tableGB: t.storageGB, indexGB: round(gsiStorage, 3) },
      why: 'Billed per GB-month; each item carries 100 bytes of overhead (DOMAIN.md D.1).',
    }),
    storageGB12m: explain((t.storageGB + 12 * t.growthGBPerMonth) * (1 + indexFactor), {
      key: 'storageGB12m',
      label: 'Storage in 12 months',
      unit: 'GB',
      formula: '(table GB + 12 × growth/month) × (1 + index share)',
      inputs: { tableGB: t.storageGB, growthGBPerMonth: t.growthGBPerMonth, indexShare: round(indexFactor, 4) },
      why: 'Storage only grows unless items expire (TTL); partitions by size follow it.',
    }),
  };
}

/**
 * Keys one request reads or writes that a batch could group: only the per-request source knows
 * it. An average of 1.6 writes per request is at least 1 and sometimes 2, so the whole number
 * below the average is what every such request can batch (conservative); under 2 nothing is saved.
 */
export function keysPerRequest(perRequest: number, limit: number): number {
  return Math.min(limit, Math.max(1, Math.floor(safe(perRequest) + 1e-9)));
}

export function selectBatching(c: TableContext): Pick<DynamoTableUnits, 'batchWriteCallsSavedPerSec' | 'batchGetCallsSavedPerSec'> {
  const { t } = c;
  const direct = t.source === 'direct';
  const nonTxWrites = c.writeOps * (1 - t.transactionalWriteShare);
  const getCalls = c.readOps * t.getShare;
  // Entered rates say nothing about how many keys one request touches: claim no savings.
  const gW = direct ? 1 : keysPerRequest(t.writesPerRequest, BATCH_WRITE_MAX);
  const gR = direct ? 1 : keysPerRequest(t.readsPerRequest * t.getShare, BATCH_GET_MAX);
  const directWhy = 'Reads and writes were entered per second, so it is unknown whether one request touches several keys; a batch can only group the calls of one request. Enter them per request to see the saving.';
  return {
    batchWriteCallsSavedPerSec: explain(safe(nonTxWrites * (1 - 1 / gW)), {
      key: 'batchWriteCallsSavedPerSec',
      label: 'Calls saved with BatchWriteItem',
      unit: '/s',
      formula: 'non-transactional writes/s × (1 − 1 / keys per request), keys per request = min(25, floor(writes per request))',
      inputs: { nonTransactionalWrites: round(nonTxWrites, 3), keysPerRequest: gW },
      why: direct
        ? directWhy
        : gW < 2
          ? 'Each request writes fewer than 2 items, so there is nothing to batch.'
          : `Each request writes at least ${gW} items, which one BatchWriteItem (≤ 25) can group. Units are unchanged (each item still rounds to 1 KB); only round trips are saved (DOMAIN.md D.1).`,
    }),
    batchGetCallsSavedPerSec: explain(safe(getCalls * (1 - 1 / gR)), {
      key: 'batchGetCallsSavedPerSec',
      label: 'Calls saved with BatchGetItem',
      unit: '/s',
      formula: 'GetItem calls/s × (1 − 1 / keys per request), keys per request = min(100, floor(GetItems per request))',
      inputs: { getItemCalls: round(getCalls, 3), keysPerRequest: gR },
      why: direct
        ? directWhy
        : gR < 2
          ? 'Each request reads fewer than 2 items with GetItem, so there is nothing to batch.'
          : `Each request reads at least ${gR} items with GetItem, which one BatchGetItem (≤ 100) can group. Each item still rounds to 4 KB, so RCU are unchanged (DOMAIN.md D.1).`,
    }),
  };
}

// ── The chain ───────────────────────────────────────────────────────────────────────────────

/** A table's units and the simulated days the findings and charts read. */
export interface TableUnitsSizing {
  units: DynamoTableUnits;
  sims: TableSims;
  context: TableContext;
}

export function sizeTableUnits(t: DynamoTable, webDynamicRps: number): TableUnitsSizing {
  const c = tableContext(t, webDynamicRps);
  const rates = selectOpRates(c);
  const reads = selectReadUnits(c);
  const writes = selectWriteUnits(c);
  const consumed = selectConsumed(c, reads, writes.wcuPerWrite.value);
  const gsiSized = t.gsis.map((g) => selectGsi(c, g));
  const gsis = gsiSized.map((g) => g.result);
  const sims: TableSims = {
    readSim: simulateDay(consumed.peakRcu.value, c.shape, readScaling(c.a)),
    writeSim: simulateDay(consumed.peakWcu.value, c.shape, writeScaling(c.a)),
    gsiSims: gsiSized.map((g) => g.sim),
    gsiReadSims: gsiSized.map((g) => g.readSim),
  };
  const totals = selectTotals(c, consumed.peakRcu.value, consumed.peakWcu.value, gsis);
  const provisioned = selectProvisioned(c, consumed);
  const partitions = selectPartitions(c, { ...consumed, ...provisioned });
  const hotKey = selectHotKey(c, consumed);
  const base: Omit<DynamoTableUnits, 'alarmThresholds'> = {
    name: t.name,
    capacityMode: t.capacityMode,
    ...rates,
    ...reads,
    ...writes,
    ...consumed,
    gsis,
    ...totals,
    ...provisioned,
    ...selectMeanProvisioned(c, sims, consumed.peakRcu.value, totals.totalAvgRcu.value, totals.totalAvgWcu.value),
    ...selectSpikes(c, { ...consumed, ...provisioned }),
    ...selectThrottledMinutes(c, sims),
    ...partitions,
    ...hotKey,
    ...selectHotPartition({ ...consumed, ...hotKey, ...partitions }),
    ...selectQuotaUnits(c, { ...consumed, ...provisioned }, gsis),
    ...selectCapacityTargets(c, { ...provisioned, gsis }),
    ...selectStream(c, { ...partitions, ...hotKey }),
    ...selectStorage(c, gsis),
    ...selectBatching(c),
  };
  const units: DynamoTableUnits = { ...base, ...selectAlarmThresholds(c, base) };
  return { units, sims, context: c };
}

export { safe, tableContext, tableRates, type TableContext } from './table-context';
