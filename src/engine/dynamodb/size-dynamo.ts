/**
 * DynamoDB capacity planner (issue 3): RCU/WCU by DynamoDB's rounding, provisioned sizing with
 * auto scaling, partitions and hot keys, monthly cost (provisioned vs on-demand + storage) and
 * batching. PURE: plan, web-tier rate and prices in, explained numbers out. Rules and limits are in
 * DOMAIN.md section D; each `why` names its source.
 *
 * Rates in the plan are the PEAK of the daily traffic (like the web tier's planned load); the daily
 * average is peak / peakToAverage. Cost uses the simulated day (./simulate.ts), so the provisioned
 * bill reflects auto scaling following the curve rather than holding the peak all day.
 */
import type { DynamoAutoscaling, DynamoPlan, DynamoTable } from '../../plan/dynamodb-schema';
import { explain, round } from '../explain';
import type { Explained } from '../types';
import type { DynamoPrices, DynamoRegionPrices } from './prices-schema';
import { ceilUnits, dailyShape, simulateDay, SCALE_UP_DATAPOINTS, UPDATE_LAG_MIN, type DaySimulation, type ScalingSettings } from './simulate';
import type { DynamoFinding, DynamoGsiResult, DynamoResult, DynamoTableResult } from './types';
import {
  BATCH_GET_MAX,
  BATCH_WRITE_MAX,
  BURST_SECONDS,
  pagedSumReadUnits,
  PARTITION_GB,
  PARTITION_RCU,
  PARTITION_WCU,
  readUnitsOfSize,
  TABLE_QUOTA_UNITS,
  writeUnitsOfSize,
} from './units';

export const SECONDS_PER_HOUR = 3600;
/** Seconds from the first datapoint above target until a scale-up lands (2 datapoints + UpdateTable lag). */
export const SCALE_UP_REACTION_S = (SCALE_UP_DATAPOINTS + UPDATE_LAG_MIN) * 60;
/** Per-item storage overhead (DOMAIN.md D.1). */
const ITEM_OVERHEAD_BYTES = 100;

const ZERO_PRICES: DynamoRegionPrices = {
  label: 'no prices',
  onDemandReadPerMillion: 0,
  onDemandWritePerMillion: 0,
  provisionedRcuHour: 0,
  provisionedWcuHour: 0,
  storageGBMonth: 0,
  storageFreeGB: 0,
};

/** Finite and ≥ 0, else 0: the engine's outputs are never NaN, Infinity or negative. */
const safe = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);
const usd = (n: number) => `$${n.toFixed(2)}`;
const pct = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Auto scaling's capacity for a consumed rate: ceil(consumed / target), clamped to min..max (≥ 1). */
export function autoscaledUnits(consumed: number, targetPct: number, minUnits: number, maxUnits: number): number {
  const want = Math.max(1, ceilUnits((safe(consumed) * 100) / Math.min(90, Math.max(20, targetPct))));
  return Math.min(Math.max(minUnits, 1, want), Math.max(1, maxUnits));
}

/**
 * Provisioned price per million units at 100% utilisation over on-demand price per million: the
 * average utilisation above which provisioned is cheaper (DOMAIN.md D.3: 28.9% in us-east-1).
 */
export function breakEvenUtilisation(unitHourPrice: number, onDemandPerMillion: number): number {
  if (!(onDemandPerMillion > 0)) return 1;
  return safe(((unitHourPrice / SECONDS_PER_HOUR) * 1e6) / onDemandPerMillion);
}

/** Monthly cost of fixed provisioned capacity (DOMAIN.md D.3: 100 RCU + 100 WCU = $56.94). */
export function provisionedMonthlyCost(rcu: number, wcu: number, prices: DynamoRegionPrices, hoursPerMonth: number): number {
  return safe((safe(rcu) * prices.provisionedRcuHour + safe(wcu) * prices.provisionedWcuHour) * hoursPerMonth);
}

/** Monthly on-demand cost of steady request units per second (linear in the request rate). */
export function onDemandMonthlyCost(rruPerSec: number, wruPerSec: number, prices: DynamoRegionPrices, hoursPerMonth: number): number {
  const secs = hoursPerMonth * SECONDS_PER_HOUR;
  return safe(((safe(rruPerSec) * prices.onDemandReadPerMillion + safe(wruPerSec) * prices.onDemandWritePerMillion) * secs) / 1e6);
}

/** Standard-class storage after the free GB (DOMAIN.md D.3: 100 GB = $18.75). */
export function storageMonthlyCost(gb: number, prices: DynamoRegionPrices, applyFreeTier = true): number {
  return safe((safe(gb) - (applyFreeTier ? prices.storageFreeGB : 0)) * prices.storageGBMonth);
}

interface TableSizing {
  result: DynamoTableResult;
  findings: DynamoFinding[];
  readSim: DaySimulation;
  writeSim: DaySimulation;
  gsiSims: DaySimulation[];
}

function readScaling(a: DynamoAutoscaling): ScalingSettings {
  return { minUnits: a.minRcu, maxUnits: a.maxRcu, targetPct: a.readTargetPct };
}
function writeScaling(a: DynamoAutoscaling): ScalingSettings {
  return { minUnits: a.minWcu, maxUnits: a.maxWcu, targetPct: a.writeTargetPct };
}

/** Read and write API calls per second at peak, from the table's source. */
export function tableRates(t: DynamoTable, webDynamicRps: number): { readOps: number; writeOps: number } {
  const web = safe(webDynamicRps);
  return t.source === 'direct'
    ? { readOps: safe(t.readsPerSec), writeOps: safe(t.writesPerSec) }
    : { readOps: safe(web * t.readsPerRequest), writeOps: safe(web * t.writesPerRequest) };
}

/** Strong read units of one read call of each kind (D.1 rounding). */
export function readUnitsPerCall(t: DynamoTable) {
  const s = t.itemSizeBytes;
  return {
    get: readUnitsOfSize(s),
    batchGet: t.itemsPerBatchGet * readUnitsOfSize(s),
    query: pagedSumReadUnits(t.itemsPerQuery, s),
    scan: pagedSumReadUnits(t.itemsPerScan, s),
  };
}

export function sizeTable(t: DynamoTable, webDynamicRps: number, prices: DynamoRegionPrices, hoursPerMonth: number): TableSizing {
  const findings: DynamoFinding[] = [];
  const id = (kind: string) => `ddb-${t.name}-${kind}`;
  const add = (f: Omit<DynamoFinding, 'layer'>) => findings.push({ ...f, layer: 'dynamodb' });
  const p2a = Math.max(1, t.peakToAverage);
  const { readOps, writeOps } = tableRates(t, webDynamicRps);
  const a = t.autoscaling;
  const provisioned = t.capacityMode === 'provisioned';

  // ── Throughput ────────────────────────────────────────────────────────────────────────────
  const rateWhy =
    t.source === 'direct'
      ? 'Entered directly, as the peak rate of the day.'
      : "The web tier's planned dynamic request rate (the peak it is sized for) × calls per request.";
  const readOpsPerSec = explain(readOps, {
    key: 'readsPerSec',
    label: 'Read calls at peak',
    unit: '/s',
    formula: t.source === 'direct' ? 'reads/s (entered)' : 'web dynamic rps × reads per request',
    inputs: t.source === 'direct' ? { readsPerSec: t.readsPerSec } : { webDynamicRps: round(safe(webDynamicRps), 3), readsPerRequest: t.readsPerRequest },
    why: rateWhy,
  });
  const writeOpsPerSec = explain(writeOps, {
    key: 'writesPerSec',
    label: 'Item writes at peak',
    unit: '/s',
    formula: t.source === 'direct' ? 'writes/s (entered)' : 'web dynamic rps × writes per request',
    inputs: t.source === 'direct' ? { writesPerSec: t.writesPerSec } : { webDynamicRps: round(safe(webDynamicRps), 3), writesPerRequest: t.writesPerRequest },
    why: rateWhy,
  });

  const u = readUnitsPerCall(t);
  const strongPerRead = t.getShare * u.get + t.batchGetShare * u.batchGet + t.queryShare * u.query + t.scanShare * u.scan;
  const strongRcuPerRead = explain(strongPerRead, {
    key: 'strongRcuPerRead',
    label: 'Strong RCU per read call',
    unit: 'RCU',
    formula: 'get% × ceil(size/4 KB) + batchGet% × items × ceil(size/4 KB) + query% × ceil(items × size / 4 KB) + scan% × ceil(evaluated × size / 4 KB)',
    inputs: {
      itemSizeBytes: t.itemSizeBytes,
      getShare: t.getShare,
      batchGetShare: t.batchGetShare,
      itemsPerBatchGet: t.itemsPerBatchGet,
      queryShare: t.queryShare,
      itemsPerQuery: t.itemsPerQuery,
      scanShare: t.scanShare,
      itemsPerScan: t.itemsPerScan,
      getRcu: u.get,
      batchGetRcu: u.batchGet,
      queryRcu: u.query,
      scanRcu: u.scan,
    },
    why: 'Binary KB. GetItem and BatchGetItem round each item up to 4 KB; Query and Scan sum the item sizes, then round once per 1 MB page; Scan pays for every item evaluated (DOMAIN.md D.1).',
  });
  const factor = t.eventualShare * 0.5 + t.strongShare * 1 + t.transactionalShare * 2;
  const consistencyFactor = explain(factor, {
    key: 'consistencyFactor',
    label: 'Consistency factor',
    unit: '×',
    formula: 'eventual% × ½ + strong% × 1 + transactional% × 2',
    inputs: { eventualShare: t.eventualShare, strongShare: t.strongShare, transactionalShare: t.transactionalShare },
    why: 'Eventually consistent reads cost half a strong read; transactional reads cost double (prepare + commit) (DOMAIN.md D.1). GSI reads are always eventual.',
  });
  const rcuPerRead = explain(strongPerRead * factor, {
    key: 'rcuPerRead',
    label: 'RCU per read call',
    unit: 'RCU',
    formula: 'strong RCU per read × consistency factor',
    inputs: { strongRcuPerRead: round(strongPerRead, 4), consistencyFactor: round(factor, 4) },
    why: 'What one read call of the mix consumes on average.',
  });
  const writeUnits = writeUnitsOfSize(t.writeItemSizeBytes);
  const wcuPerWriteValue = writeUnits * (1 + t.transactionalWriteShare);
  const wcuPerWrite = explain(wcuPerWriteValue, {
    key: 'wcuPerWrite',
    label: 'WCU per item write',
    unit: 'WCU',
    formula: 'ceil(write item size / 1 KB) × (1 + transactional write share)',
    inputs: { writeItemSizeBytes: t.writeItemSizeBytes, transactionalWriteShare: t.transactionalWriteShare },
    why: 'Writes round each item up to 1 KB; UpdateItem counts the larger of before and after; transactional writes cost 2× (DOMAIN.md D.1).',
  });
  const peakRcuV = safe(readOps * strongPerRead * factor);
  const peakWcuV = safe(writeOps * wcuPerWriteValue);
  const avgRcuV = peakRcuV / p2a;
  const avgWcuV = peakWcuV / p2a;
  const peakRcu = explain(peakRcuV, {
    key: 'peakRcu',
    label: 'Consumed RCU at peak',
    unit: 'RCU/s',
    formula: 'read calls/s × RCU per read',
    inputs: { readOpsPerSec: round(readOps, 3), rcuPerRead: round(strongPerRead * factor, 4) },
    why: 'Read capacity the table must serve at the daily peak (DOMAIN.md D.1).',
  });
  const avgRcu = explain(avgRcuV, {
    key: 'avgRcu',
    label: 'Consumed RCU, daily average',
    unit: 'RCU/s',
    formula: 'peak RCU / peak-to-average',
    inputs: { peakRcu: round(peakRcuV, 3), peakToAverage: p2a },
    why: 'On-demand bills the average; provisioned capacity follows the curve through auto scaling.',
  });
  const peakWcu = explain(peakWcuV, {
    key: 'peakWcu',
    label: 'Consumed WCU at peak (table)',
    unit: 'WCU/s',
    formula: 'item writes/s × WCU per write',
    inputs: { writeOpsPerSec: round(writeOps, 3), wcuPerWrite: round(wcuPerWriteValue, 4) },
    why: 'Write capacity of the base table at the daily peak (DOMAIN.md D.1).',
  });
  const avgWcu = explain(avgWcuV, {
    key: 'avgWcu',
    label: 'Consumed WCU, daily average (table)',
    unit: 'WCU/s',
    formula: 'peak WCU / peak-to-average',
    inputs: { peakWcu: round(peakWcuV, 3), peakToAverage: p2a },
    why: 'Average write load of the base table.',
  });

  // ── Day simulation (auto scaling) ─────────────────────────────────────────────────────────
  const shape = dailyShape(p2a);
  const readSim = simulateDay(peakRcuV, shape, readScaling(a));
  const writeSim = simulateDay(peakWcuV, shape, writeScaling(a));

  // ── GSIs ──────────────────────────────────────────────────────────────────────────────────
  const gsiSims: DaySimulation[] = [];
  const gsis: DynamoGsiResult[] = t.gsis.map((g) => {
    const entryUnits = writeUnitsOfSize(g.projectedEntryBytes);
    // (touching − key-changing) × 1 index write + key-changing × 2 = touching + key-changing.
    const perWrite = (g.writeShare + g.keyChangeShare) * entryUnits;
    const peak = safe(writeOps * perWrite);
    const sim = simulateDay(peak, shape, writeScaling(a));
    gsiSims.push(sim);
    const storage = safe((t.storageGB * g.writeShare * (g.projectedEntryBytes + ITEM_OVERHEAD_BYTES)) / (t.itemSizeBytes + ITEM_OVERHEAD_BYTES));
    return {
      name: g.name,
      wcuPerWrite: explain(perWrite, {
        key: `gsi.${g.name}.wcuPerWrite`,
        label: `${g.name}: index WCU per table write`,
        unit: 'WCU',
        formula: '(write share + key-change share) × ceil(projected entry / 1 KB)',
        inputs: { writeShare: g.writeShare, keyChangeShare: g.keyChangeShare, projectedEntryBytes: g.projectedEntryBytes },
        why: 'A write that touches the index costs 1 index write; one that changes the index key costs 2 (delete + put), each rounded to 1 KB of the index entry (DOMAIN.md D.1). Transactional writes are not doubled on the index here [U].',
      }),
      peakWcu: explain(peak, {
        key: `gsi.${g.name}.peakWcu`,
        label: `${g.name}: consumed WCU at peak`,
        unit: 'WCU/s',
        formula: 'item writes/s × index WCU per write',
        inputs: { writeOpsPerSec: round(writeOps, 3), wcuPerWrite: round(perWrite, 4) },
        why: 'Each GSI has its own write capacity; a GSI short of WCU throttles writes to the base table (DOMAIN.md D.1).',
      }),
      avgWcu: explain(peak / p2a, {
        key: `gsi.${g.name}.avgWcu`,
        label: `${g.name}: consumed WCU, daily average`,
        unit: 'WCU/s',
        formula: 'peak / peak-to-average',
        inputs: { peak: round(peak, 3), peakToAverage: p2a },
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
        inputs: { peak: round(peak, 3), peakToAverage: p2a, writeTargetPct: a.writeTargetPct },
        why: 'What the provisioned bill pays for on average.',
      }),
      storageGB: explain(storage, {
        key: `gsi.${g.name}.storageGB`,
        label: `${g.name}: index storage`,
        unit: 'GB',
        formula: 'table GB × write share × (entry + 100 B) / (item + 100 B)',
        inputs: { storageGB: t.storageGB, writeShare: g.writeShare, projectedEntryBytes: g.projectedEntryBytes, itemSizeBytes: t.itemSizeBytes },
        why: 'Index storage per item is the projected entry + 100 bytes (DOMAIN.md D.1); the write share stands in for the share of items in the index.',
      }),
    };
  });
  const gsiPeak = gsis.reduce((s, g) => s + g.peakWcu.value, 0);
  const gsiProvPeak = gsis.reduce((s, g) => s + g.provisionedPeakWcu.value, 0);
  const gsiMeanProv = gsiSims.reduce((s, g) => s + g.meanProvisioned, 0);
  const gsiStorage = gsis.reduce((s, g) => s + g.storageGB.value, 0);
  const totalPeakWcu = explain(peakWcuV + gsiPeak, {
    key: 'totalPeakWcu',
    label: 'Consumed WCU at peak, table + GSIs',
    unit: 'WCU/s',
    formula: 'table WCU + Σ GSI WCU',
    inputs: { tableWcu: round(peakWcuV, 3), gsiWcu: round(gsiPeak, 3) },
    why: 'The write cost is the base-table write plus every GSI update (DOMAIN.md D.1).',
  });
  const totalAvgWcu = explain((peakWcuV + gsiPeak) / p2a, {
    key: 'totalAvgWcu',
    label: 'Consumed WCU, daily average, table + GSIs',
    unit: 'WCU/s',
    formula: 'total peak WCU / peak-to-average',
    inputs: { totalPeakWcu: round(peakWcuV + gsiPeak, 3), peakToAverage: p2a },
    why: 'On-demand bills this many write request units per second on average.',
  });

  // ── Provisioned sizing ────────────────────────────────────────────────────────────────────
  const provPeakRcuV = autoscaledUnits(peakRcuV, a.readTargetPct, a.minRcu, a.maxRcu);
  const provAvgRcuV = autoscaledUnits(avgRcuV, a.readTargetPct, a.minRcu, a.maxRcu);
  const provPeakWcuV = autoscaledUnits(peakWcuV, a.writeTargetPct, a.minWcu, a.maxWcu);
  const provAvgWcuV = autoscaledUnits(avgWcuV, a.writeTargetPct, a.minWcu, a.maxWcu);
  const scaleWhy = 'Target tracking keeps consumed / provisioned at the target (20–90%; 70% reads and 50% writes are the usual advice), never below min or above max, and at least 1 (DOMAIN.md D.2).';
  const provisionedPeakRcu = explain(provPeakRcuV, {
    key: 'provisionedPeakRcu',
    label: 'Provisioned RCU at peak',
    unit: 'RCU',
    formula: 'clamp(ceil(peak RCU / read target), min RCU, max RCU)',
    inputs: { peakRcu: round(peakRcuV, 3), readTargetPct: a.readTargetPct, minRcu: a.minRcu, maxRcu: a.maxRcu },
    why: scaleWhy,
  });
  const provisionedAvgRcu = explain(provAvgRcuV, {
    key: 'provisionedAvgRcu',
    label: 'Provisioned RCU at average load',
    unit: 'RCU',
    formula: 'clamp(ceil(average RCU / read target), min RCU, max RCU)',
    inputs: { avgRcu: round(avgRcuV, 3), readTargetPct: a.readTargetPct, minRcu: a.minRcu, maxRcu: a.maxRcu },
    why: scaleWhy,
  });
  const provisionedPeakWcu = explain(provPeakWcuV, {
    key: 'provisionedPeakWcu',
    label: 'Provisioned WCU at peak (table)',
    unit: 'WCU',
    formula: 'clamp(ceil(peak WCU / write target), min WCU, max WCU)',
    inputs: { peakWcu: round(peakWcuV, 3), writeTargetPct: a.writeTargetPct, minWcu: a.minWcu, maxWcu: a.maxWcu },
    why: scaleWhy,
  });
  const provisionedAvgWcu = explain(provAvgWcuV, {
    key: 'provisionedAvgWcu',
    label: 'Provisioned WCU at average load (table)',
    unit: 'WCU',
    formula: 'clamp(ceil(average WCU / write target), min WCU, max WCU)',
    inputs: { avgWcu: round(avgWcuV, 3), writeTargetPct: a.writeTargetPct, minWcu: a.minWcu, maxWcu: a.maxWcu },
    why: scaleWhy,
  });
  const simWhy = `Mean over a simulated day: raised-cosine traffic with peak / average = ${p2a}; scale up after ${SCALE_UP_DATAPOINTS} one-minute datapoints above target (+${UPDATE_LAG_MIN} min for UpdateTable), down after 15 below, at most 27 decreases a day (DOMAIN.md D.2).`;
  const meanProvisionedRcu = explain(readSim.meanProvisioned, {
    key: 'meanProvisionedRcu',
    label: 'Provisioned RCU, daily mean',
    unit: 'RCU',
    formula: 'mean of the simulated auto-scaled read capacity',
    inputs: { peakRcu: round(peakRcuV, 3), peakToAverage: p2a, readTargetPct: a.readTargetPct, minRcu: a.minRcu, maxRcu: a.maxRcu },
    why: simWhy,
  });
  const meanProvWcuTotal = writeSim.meanProvisioned + gsiMeanProv;
  const meanProvisionedWcu = explain(meanProvWcuTotal, {
    key: 'meanProvisionedWcu',
    label: 'Provisioned WCU, daily mean, table + GSIs',
    unit: 'WCU',
    formula: 'mean simulated table WCU + Σ mean simulated GSI WCU',
    inputs: { tableWcu: round(writeSim.meanProvisioned, 3), gsiWcu: round(gsiMeanProv, 3), writeTargetPct: a.writeTargetPct },
    why: simWhy,
  });
  const readUtil = readSim.meanProvisioned > 0 ? safe(avgRcuV / readSim.meanProvisioned) : 0;
  const writeUtil = meanProvWcuTotal > 0 ? safe(((peakWcuV + gsiPeak) / p2a) / meanProvWcuTotal) : 0;
  const breakEvenRead = breakEvenUtilisation(prices.provisionedRcuHour, prices.onDemandReadPerMillion);
  const breakEvenWrite = breakEvenUtilisation(prices.provisionedWcuHour, prices.onDemandWritePerMillion);
  const readUtilisation = explain(readUtil, {
    key: 'readUtilisation',
    label: 'Average read utilisation',
    unit: 'share',
    formula: 'average consumed RCU / mean provisioned RCU',
    inputs: { avgRcu: round(avgRcuV, 3), meanProvisionedRcu: round(readSim.meanProvisioned, 3) },
    why: `Provisioned is cheaper than on-demand above the break-even utilisation (${pct(breakEvenRead)} here; DOMAIN.md D.3). Minimum capacity and the decrease budget pull it below the target.`,
  });
  const writeUtilisation = explain(writeUtil, {
    key: 'writeUtilisation',
    label: 'Average write utilisation',
    unit: 'share',
    formula: 'average consumed WCU / mean provisioned WCU (table + GSIs)',
    inputs: { avgWcu: round((peakWcuV + gsiPeak) / p2a, 3), meanProvisionedWcu: round(meanProvWcuTotal, 3) },
    why: `Provisioned is cheaper than on-demand above the break-even utilisation (${pct(breakEvenWrite)} here; DOMAIN.md D.3).`,
  });

  // Burst: a step from average to peak, with a full bucket of 300 s × provisioned.
  const spike = (peak: number, provAvg: number, unit: string, key: string, label: string): Explained<number | null> => {
    const excess = peak - provAvg;
    const value = !provisioned || excess <= 0 ? null : safe((BURST_SECONDS * provAvg) / excess);
    return explain<number | null>(value, {
      key,
      label,
      unit: 's',
      formula: excess > 0 ? `300 s × provisioned at average / (peak − provisioned at average)` : 'peak ≤ provisioned at average: never',
      inputs: { [`peak${unit}`]: round(peak, 3), [`provisionedAtAverage${unit}`]: provAvg, burstSeconds: BURST_SECONDS, scaleUpReactionS: SCALE_UP_REACTION_S },
      why: provisioned
        ? `If traffic jumps from the daily average to the peak at once, DynamoDB's burst bucket (up to 300 s of unused capacity; DOMAIN.md D.2) absorbs the excess until it is empty; then requests are throttled until auto scaling lands (≥ ${SCALE_UP_REACTION_S} s: 2 one-minute datapoints + UpdateTable). AWS may use burst capacity for maintenance, so do not plan on it.`
        : 'On-demand absorbs up to 2× the previous peak instantly; the daily peak repeats, so it is within that (DOMAIN.md D.2).',
    });
  };
  const readSpikeThrottleStartsS = spike(peakRcuV, provAvgRcuV, 'Rcu', 'readSpikeThrottleStartsS', 'Read spike: throttling starts after');
  const writeSpikeThrottleStartsS = spike(peakWcuV, provAvgWcuV, 'Wcu', 'writeSpikeThrottleStartsS', 'Write spike: throttling starts after');

  const throttledMinutes = provisioned ? readSim.throttledMinutes + writeSim.throttledMinutes + gsiSims.reduce((s, g) => s + g.throttledMinutes, 0) : 0;
  const throttledMinutesPerDay = explain(throttledMinutes, {
    key: 'throttledMinutesPerDay',
    label: 'Throttled minutes in the simulated day',
    unit: 'min',
    formula: 'Σ minutes with demand above provisioned + burst (reads, table writes, each GSI)',
    inputs: { reads: readSim.throttledMinutes, writes: writeSim.throttledMinutes, gsis: gsiSims.reduce((s, g) => s + g.throttledMinutes, 0) },
    why: provisioned ? simWhy : 'On-demand: no provisioned capacity to exceed within 2× the previous peak.',
  });

  // ── Partitions and hot keys ───────────────────────────────────────────────────────────────
  const partRcu = provisioned ? provPeakRcuV : peakRcuV;
  const partWcu = provisioned ? provPeakWcuV : peakWcuV;
  const byThroughput = Math.max(1, Math.ceil(partRcu / PARTITION_RCU + partWcu / PARTITION_WCU));
  const bySize = Math.max(1, Math.ceil(t.storageGB / PARTITION_GB));
  const partitionCount = Math.max(byThroughput, bySize);
  const partitionsByThroughput = explain(byThroughput, {
    key: 'partitionsByThroughput',
    label: 'Partitions for throughput',
    unit: '',
    formula: 'ceil(RCU / 3,000 + WCU / 1,000)',
    inputs: { rcu: round(partRcu, 3), wcu: round(partWcu, 3) },
    why: `Each partition serves up to 3,000 RCU and 1,000 WCU (DOMAIN.md D.2). Uses ${provisioned ? 'provisioned capacity at peak' : 'consumed units at peak'}; partitions are never merged after a peak.`,
  });
  const partitionsBySize = explain(bySize, {
    key: 'partitionsBySize',
    label: 'Partitions for storage',
    unit: '',
    formula: 'ceil(storage GB / 10 GB)',
    inputs: { storageGB: t.storageGB },
    why: 'A partition holds at most 10 GB (DOMAIN.md D.2).',
  });
  const partitions = explain(partitionCount, {
    key: 'partitions',
    label: 'Partitions (estimate)',
    unit: '',
    formula: 'max(partitions for throughput, partitions for storage)',
    inputs: { byThroughput, bySize },
    why: 'AWS does not publish partition counts; this is the classic estimate.',
  });
  const hotShareV = Math.min(1, Math.max(t.hottestKeyShare, 1 / t.distinctPartitionKeys));
  const hotKeyShare = explain(hotShareV, {
    key: 'hotKeyShare',
    label: 'Hottest key share of traffic',
    unit: 'share',
    formula: 'max(hottest-key share, 1 / distinct keys)',
    inputs: { hottestKeyShare: t.hottestKeyShare, distinctPartitionKeys: t.distinctPartitionKeys },
    why: 'The hottest key carries at least an even share of the traffic.',
  });
  const hotRcu = peakRcuV * hotShareV;
  const hotWcu = peakWcuV * hotShareV;
  const hotKeyRcu = explain(hotRcu, {
    key: 'hotKeyRcu',
    label: 'Hottest key at peak, reads',
    unit: 'RCU/s',
    formula: 'peak RCU × hottest-key share',
    inputs: { peakRcu: round(peakRcuV, 3), hotKeyShare: hotShareV },
    why: 'One key value lives in one partition: adaptive capacity can isolate it, but never beyond 3,000 RCU (DOMAIN.md D.2, F.7).',
  });
  const hotKeyWcu = explain(hotWcu, {
    key: 'hotKeyWcu',
    label: 'Hottest key at peak, writes',
    unit: 'WCU/s',
    formula: 'peak WCU × hottest-key share',
    inputs: { peakWcu: round(peakWcuV, 3), hotKeyShare: hotShareV },
    why: 'One key value cannot take more than 1,000 WCU (DOMAIN.md D.2, F.7).',
  });
  const partShare = Math.max(hotShareV, 1 / partitionCount);
  const hotLoad = Math.max((peakRcuV * partShare) / PARTITION_RCU, (peakWcuV * partShare) / PARTITION_WCU);
  const hottestPartitionLoad = explain(hotLoad, {
    key: 'hottestPartitionLoad',
    label: 'Hottest partition load vs its limit',
    unit: 'share',
    formula: 'max(peak RCU × s / 3,000, peak WCU × s / 1,000), s = max(hot-key share, 1 / partitions)',
    inputs: { peakRcu: round(peakRcuV, 3), peakWcu: round(peakWcuV, 3), hotKeyShare: hotShareV, partitions: partitionCount },
    why: 'Above 100% the hottest partition throttles even when the table has capacity to spare (DOMAIN.md D.2).',
  });
  const wShard = Math.max(1, Math.ceil(hotWcu / PARTITION_WCU));
  const rShard = Math.max(1, Math.ceil(hotRcu / PARTITION_RCU));
  const writeShardingFactor = explain(wShard, {
    key: 'writeShardingFactor',
    label: 'Write-sharding factor for the hot key',
    unit: '×',
    formula: 'max(1, ceil(hot-key WCU / 1,000))',
    inputs: { hotKeyWcu: round(hotWcu, 3) },
    why: 'Append a suffix 1..N to the hot key so its writes spread over N partitions; reading it back then takes N queries (bp-partition-key-design).',
  });
  const readShardingFactor = explain(rShard, {
    key: 'readShardingFactor',
    label: 'Read-sharding factor for the hot key',
    unit: '×',
    formula: 'max(1, ceil(hot-key RCU / 3,000))',
    inputs: { hotKeyRcu: round(hotRcu, 3) },
    why: 'Copies of a hot read item spread over N keys, or put a cache (DAX) in front.',
  });

  // ── Quota ─────────────────────────────────────────────────────────────────────────────────
  const quotaRcuV = provisioned ? provPeakRcuV : peakRcuV;
  const quotaWcuV = provisioned ? provPeakWcuV + gsiProvPeak : peakWcuV + gsiPeak;
  const tablePeakRcuForQuota = explain(quotaRcuV, {
    key: 'tablePeakRcuForQuota',
    label: 'Table read units at peak (quota)',
    unit: 'RCU',
    formula: provisioned ? 'provisioned RCU at peak' : 'consumed RRU at peak',
    inputs: { value: quotaRcuV, quota: TABLE_QUOTA_UNITS },
    why: 'Default per-table quota: 40,000 read units, table + all its GSIs (DOMAIN.md D.2; adjustable).',
  });
  const tablePeakWcuForQuota = explain(quotaWcuV, {
    key: 'tablePeakWcuForQuota',
    label: 'Table + GSI write units at peak (quota)',
    unit: 'WCU',
    formula: provisioned ? 'provisioned WCU at peak, table + GSIs' : 'consumed WRU at peak, table + GSIs',
    inputs: { value: quotaWcuV, quota: TABLE_QUOTA_UNITS },
    why: 'Default per-table quota: 40,000 write units, table + all its GSIs (DOMAIN.md D.2; adjustable).',
  });

  // ── Cost ──────────────────────────────────────────────────────────────────────────────────
  const provCost = provisionedMonthlyCost(readSim.meanProvisioned, meanProvWcuTotal, prices, hoursPerMonth);
  const odCost = onDemandMonthlyCost(avgRcuV, (peakWcuV + gsiPeak) / p2a, prices, hoursPerMonth);
  const provisionedMonthlyUsd = explain(provCost, {
    key: 'provisionedMonthlyUsd',
    label: 'Provisioned capacity, per month',
    unit: 'USD',
    formula: '(mean RCU × $/RCU-h + mean WCU × $/WCU-h) × hours/month',
    inputs: {
      meanProvisionedRcu: round(readSim.meanProvisioned, 3),
      meanProvisionedWcu: round(meanProvWcuTotal, 3),
      rcuHour: prices.provisionedRcuHour,
      wcuHour: prices.provisionedWcuHour,
      hoursPerMonth,
    },
    why: 'Provisioned capacity is billed per unit-hour whether used or not (DOMAIN.md D.3). Free-tier 25 RCU/WCU not deducted.',
  });
  const onDemandMonthlyUsd = explain(odCost, {
    key: 'onDemandMonthlyUsd',
    label: 'On-demand requests, per month',
    unit: 'USD',
    formula: '(average RRU/s × $/M RRU + average WRU/s × $/M WRU) × seconds/month / 10⁶',
    inputs: {
      avgRru: round(avgRcuV, 3),
      avgWru: round((peakWcuV + gsiPeak) / p2a, 3),
      readPerMillion: prices.onDemandReadPerMillion,
      writePerMillion: prices.onDemandWritePerMillion,
      hoursPerMonth,
    },
    why: 'On-demand bills each request unit (same rounding as RCU/WCU; GSI writes included) (DOMAIN.md D.3).',
  });
  const indexFactor = t.storageGB > 0 ? gsiStorage / t.storageGB : 0;
  const storageNow = t.storageGB + gsiStorage;
  const storage12 = (t.storageGB + 12 * t.growthGBPerMonth) * (1 + indexFactor);
  const storageGB = explain(storageNow, {
    key: 'storageGB',
    label: 'Storage, table + GSIs',
    unit: 'GB',
    formula: 'table GB + Σ index GB',
    inputs: { tableGB: t.storageGB, indexGB: round(gsiStorage, 3) },
    why: 'Billed per GB-month; each item carries 100 bytes of overhead (DOMAIN.md D.1).',
  });
  const storageGB12m = explain(storage12, {
    key: 'storageGB12m',
    label: 'Storage in 12 months',
    unit: 'GB',
    formula: '(table GB + 12 × growth/month) × (1 + index share)',
    inputs: { tableGB: t.storageGB, growthGBPerMonth: t.growthGBPerMonth, indexShare: round(indexFactor, 4) },
    why: 'Storage only grows unless items expire (TTL); partitions by size follow it.',
  });
  const storageCost = storageMonthlyCost(storageNow, prices, false);
  const storageMonthlyUsd = explain(storageCost, {
    key: 'storageMonthlyUsd',
    label: 'Storage, per month (before free tier)',
    unit: 'USD',
    formula: 'GB × $/GB-month',
    inputs: { storageGB: round(storageNow, 3), storageGBMonth: prices.storageGBMonth },
    why: `Standard table class. The first ${prices.storageFreeGB} GB per account are free; that is taken off once in the totals (DOMAIN.md D.3).`,
  });
  const breakEvenReadUtilisation = explain(breakEvenRead, {
    key: 'breakEvenReadUtilisation',
    label: 'Break-even read utilisation',
    unit: 'share',
    formula: '($/RCU-h / 3,600 × 10⁶) / $ per million RRU',
    inputs: { rcuHour: prices.provisionedRcuHour, readPerMillion: prices.onDemandReadPerMillion },
    why: 'Provisioned capacity at 100% use costs this fraction of on-demand; above this average utilisation provisioned is cheaper (DOMAIN.md D.3: 28.9%).',
  });
  const breakEvenWriteUtilisation = explain(breakEvenWrite, {
    key: 'breakEvenWriteUtilisation',
    label: 'Break-even write utilisation',
    unit: 'share',
    formula: '($/WCU-h / 3,600 × 10⁶) / $ per million WRU',
    inputs: { wcuHour: prices.provisionedWcuHour, writePerMillion: prices.onDemandWritePerMillion },
    why: 'Same ratio as reads in us-east-1 (DOMAIN.md D.3).',
  });
  const chosen = provisioned ? provCost : odCost;
  const chosenCapacityMonthlyUsd = explain(chosen, {
    key: 'chosenCapacityMonthlyUsd',
    label: `Capacity cost (${t.capacityMode}), per month`,
    unit: 'USD',
    formula: provisioned ? 'provisioned capacity cost' : 'on-demand request cost',
    inputs: { provisioned: round(provCost, 2), onDemand: round(odCost, 2) },
    why: 'The capacity mode you chose.',
  });
  const cheaper = provCost <= odCost ? 'provisioned' : 'on-demand';
  const cheaperMode = explain<'provisioned' | 'on-demand'>(cheaper, {
    key: 'cheaperMode',
    label: 'Cheaper capacity mode',
    unit: '',
    formula: 'provisioned ≤ on-demand ? provisioned : on-demand',
    inputs: { provisioned: round(provCost, 2), onDemand: round(odCost, 2) },
    why: 'Spiky or unpredictable traffic favours on-demand; steady traffic above ~29% utilisation favours provisioned with auto scaling (DOMAIN.md D.3).',
  });

  // ── Batching ──────────────────────────────────────────────────────────────────────────────
  const nonTxWrites = writeOps * (1 - t.transactionalWriteShare);
  const gW = t.source === 'direct' ? BATCH_WRITE_MAX : Math.min(BATCH_WRITE_MAX, Math.max(1, t.writesPerRequest));
  const getCalls = readOps * t.getShare;
  const gR = t.source === 'direct' ? BATCH_GET_MAX : Math.min(BATCH_GET_MAX, Math.max(1, t.readsPerRequest * t.getShare));
  const batchWriteCallsSavedPerSec = explain(safe(nonTxWrites * (1 - 1 / gW)), {
    key: 'batchWriteCallsSavedPerSec',
    label: 'Calls saved with BatchWriteItem',
    unit: '/s',
    formula: 'non-transactional writes/s × (1 − 1 / batch size)',
    inputs: { nonTransactionalWrites: round(nonTxWrites, 3), batchSize: round(gW, 3) },
    why:
      t.source === 'direct'
        ? 'Upper bound: full batches of 25 items (DOMAIN.md D.1). Units are unchanged (each item still rounds to 1 KB); only round trips are saved.'
        : 'Batches can only group the writes of one request: batch size = min(25, writes per request). Units are unchanged; only round trips are saved.',
  });
  const batchGetCallsSavedPerSec = explain(safe(getCalls * (1 - 1 / gR)), {
    key: 'batchGetCallsSavedPerSec',
    label: 'Calls saved with BatchGetItem',
    unit: '/s',
    formula: 'GetItem calls/s × (1 − 1 / batch size)',
    inputs: { getItemCalls: round(getCalls, 3), batchSize: round(gR, 3) },
    why:
      t.source === 'direct'
        ? 'Upper bound: full batches of 100 items (DOMAIN.md D.1). Each item still rounds to 4 KB, so RCU are unchanged.'
        : 'Batches can only group the GetItems of one request: batch size = min(100, GetItems per request). RCU are unchanged.',
  });

  // ── Findings ──────────────────────────────────────────────────────────────────────────────
  if (t.scanShare > 0) {
    add({
      id: id('scan'),
      severity: 'warning',
      message: `${t.name}: ${pct(t.scanShare, 0)} of read calls are Scans; each pays for ${t.itemsPerScan.toLocaleString('en-US')} evaluated items (${u.scan} strong RCU), whatever the filter returns.`,
      fix: 'Serve the request path with Query on the table key or a GSI; run Scans off-peak with a small Limit.',
      source: 'DOMAIN.md D.1',
    });
  }
  if (provisioned) {
    const capCheck = (what: string, peak: number, max: number, targetPct: number, unit: string, key: string) => {
      if (peak > max) {
        add({
          id: id(`${key}-over-max`),
          severity: 'error',
          message: `${t.name}: ${what} at peak needs ${Math.ceil(peak).toLocaleString('en-US')} ${unit}, above the auto scaling maximum of ${max.toLocaleString('en-US')}: requests are throttled at peak.`,
          fix: `Raise the maximum ${unit} to at least ${Math.ceil(peak / (targetPct / 100)).toLocaleString('en-US')}, or switch to on-demand.`,
          source: 'DOMAIN.md D.2',
        });
      } else if (peak / (targetPct / 100) > max) {
        add({
          id: id(`${key}-at-max`),
          severity: 'warning',
          message: `${t.name}: at peak ${what} reaches ${pct(peak / max, 0)} of the maximum ${max.toLocaleString('en-US')} ${unit}, above the ${targetPct}% target: no headroom for spikes.`,
          fix: `Raise the maximum ${unit} to ${Math.ceil(peak / (targetPct / 100)).toLocaleString('en-US')}.`,
          source: 'DOMAIN.md D.2',
        });
      }
    };
    capCheck('reads', peakRcuV, a.maxRcu, a.readTargetPct, 'RCU', 'rcu');
    capCheck('writes', peakWcuV, a.maxWcu, a.writeTargetPct, 'WCU', 'wcu');
    gsis.forEach((g) => capCheck(`index ${g.name} writes`, g.peakWcu.value, a.maxWcu, a.writeTargetPct, 'WCU', `gsi-${g.name}`));

    const sims = [readSim, writeSim, ...gsiSims];
    const firstSpan = sims.flatMap((s) => s.spans).sort((x, y) => x.startMinute - y.startMinute)[0];
    if (throttledMinutes > 0 && firstSpan) {
      add({
        id: id('throttled-day'),
        severity: 'warning',
        message: `${t.name}: in the simulated day, demand exceeds provisioned capacity plus burst for ${throttledMinutes} minute(s), first at ${hhmm(firstSpan.startMinute)} UTC: auto scaling reacts too slowly for this ramp.`,
        fix: 'Lower the target utilisation, raise the minimum capacity ahead of the daily ramp (scheduled scaling), or use on-demand.',
        source: 'DOMAIN.md D.2',
      });
    }
    const spikes = [readSpikeThrottleStartsS.value, writeSpikeThrottleStartsS.value].filter((v): v is number => v !== null);
    const firstSpike = spikes.length > 0 ? Math.min(...spikes) : null;
    if (firstSpike !== null && firstSpike < SCALE_UP_REACTION_S) {
      add({
        id: id('spike'),
        severity: 'warning',
        message: `${t.name}: a sudden jump from average to peak traffic empties the 300 s burst bucket after ${Math.round(firstSpike)} s, before auto scaling can react (≥ ${SCALE_UP_REACTION_S} s): expect throttling on sudden spikes.`,
        fix: 'Auto scaling does not help with spikes: keep a lower target, a higher minimum, or use on-demand for spiky traffic.',
        source: 'DOMAIN.md D.2',
      });
    }
    const blocked = readSim.decreasesBlocked + writeSim.decreasesBlocked;
    if (blocked > 0) {
      add({
        id: id('decrease-budget'),
        severity: 'info',
        message: `${t.name}: the daily limit on capacity decreases (4 in the first hour, then 1 per hour, ≤ 27) kept capacity above need for ${blocked} minute(s) of the day.`,
        fix: 'Expected with a large daily swing; it costs a little, nothing breaks.',
        source: 'DOMAIN.md D.2',
      });
    }
    if (a.maxRcu > TABLE_QUOTA_UNITS || a.maxWcu > TABLE_QUOTA_UNITS) {
      add({
        id: id('max-over-quota'),
        severity: 'warning',
        message: `${t.name}: the auto scaling maximum (${a.maxRcu.toLocaleString('en-US')} RCU / ${a.maxWcu.toLocaleString('en-US')} WCU) is above the default per-table quota of 40,000.`,
        fix: 'Request a quota increase before relying on it.',
        source: 'DOMAIN.md D.2',
      });
    }
  }
  if (hotWcu > PARTITION_WCU) {
    add({
      id: id('hot-key-writes'),
      severity: 'error',
      message: `${t.name}: the hottest key takes ${Math.round(hotWcu).toLocaleString('en-US')} WCU at peak, above the 1,000 WCU a single partition can serve: its writes are throttled whatever the table capacity.`,
      fix: `Shard the hot key's writes ${wShard} ways (key#1..key#${wShard}) and read them back with ${wShard} queries, or spread the traffic over more key values.`,
      source: 'DOMAIN.md D.2, F.7',
    });
  }
  if (hotRcu > PARTITION_RCU) {
    add({
      id: id('hot-key-reads'),
      severity: 'error',
      message: `${t.name}: the hottest key takes ${Math.round(hotRcu).toLocaleString('en-US')} RCU at peak, above the 3,000 RCU a single partition can serve.`,
      fix: `Cache the hot item (DAX or in the app), use eventually consistent reads (half the RCU), or keep ${rShard} copies under different keys.`,
      source: 'DOMAIN.md D.2, F.7',
    });
  }
  if (quotaRcuV > TABLE_QUOTA_UNITS || quotaWcuV > TABLE_QUOTA_UNITS) {
    add({
      id: id('table-quota'),
      severity: 'error',
      message: `${t.name}: peak ${provisioned ? 'provisioned' : 'consumed'} capacity (${Math.round(quotaRcuV).toLocaleString('en-US')} read / ${Math.round(quotaWcuV).toLocaleString('en-US')} write units, table + GSIs) exceeds the default per-table quota of 40,000.`,
      fix: 'Request a quota increase from AWS, or split the data over several tables.',
      source: 'DOMAIN.md D.2',
    });
  }
  if (t.gsis.length > 0) {
    add({
      id: id('gsi-wcu'),
      severity: 'info',
      message: `${t.name}: ${t.gsis.length} GSI(s) add ${round(gsiPeak, 1)} WCU at peak; a GSI short of write capacity throttles writes to the base table.`,
      fix: 'Give each GSI at least the write capacity of the base table (AWS advice), and project only the attributes you read.',
      source: 'DOMAIN.md D.1',
    });
  }
  if (t.transactionalShare > 0 || t.transactionalWriteShare > 0) {
    add({
      id: id('transactions'),
      severity: 'info',
      message: `${t.name}: transactional reads and writes cost 2× (prepare + commit); SDK retries on TransactionInProgressException consume more.`,
      fix: 'Use transactions only where atomicity across items is needed.',
      source: 'DOMAIN.md D.1',
    });
  }
  if (t.source === 'per-request' && readOps === 0 && writeOps === 0) {
    add({
      id: id('no-traffic'),
      severity: 'info',
      message: `${t.name}: the web tier sends no dynamic requests, so this table gets no traffic.`,
      fix: 'Enter reads/s and writes/s directly, or raise the web tier’s load.',
    });
  }
  if (provCost > 0 || odCost > 0) {
    const other = provisioned ? odCost : provCost;
    if (other < chosen * 0.9) {
      add({
        id: id('cheaper-mode'),
        kind: 'cost',
        severity: 'info',
        message: `${t.name}: ${provisioned ? 'on-demand' : 'provisioned with auto scaling'} would cost ${usd(other)}/month against ${usd(chosen)} now (average utilisation ${pct(Math.max(readUtil, writeUtil), 0)}, break-even ${pct(breakEvenRead)}).`,
        fix: `Consider switching to ${provisioned ? 'on-demand' : 'provisioned'} (switching to on-demand is allowed once per 24 h).`,
        source: 'DOMAIN.md D.2, D.3',
      });
    }
  }

  const result: DynamoTableResult = {
    name: t.name,
    capacityMode: t.capacityMode,
    readOpsPerSec,
    writeOpsPerSec,
    strongRcuPerRead,
    consistencyFactor,
    rcuPerRead,
    wcuPerWrite,
    peakRcu,
    avgRcu,
    peakWcu,
    avgWcu,
    gsis,
    totalPeakWcu,
    totalAvgWcu,
    provisionedPeakRcu,
    provisionedAvgRcu,
    provisionedPeakWcu,
    provisionedAvgWcu,
    meanProvisionedRcu,
    meanProvisionedWcu,
    readUtilisation,
    writeUtilisation,
    readSpikeThrottleStartsS,
    writeSpikeThrottleStartsS,
    throttledMinutesPerDay,
    partitionsByThroughput,
    partitionsBySize,
    partitions,
    hotKeyShare,
    hotKeyRcu,
    hotKeyWcu,
    hottestPartitionLoad,
    writeShardingFactor,
    readShardingFactor,
    tablePeakRcuForQuota,
    tablePeakWcuForQuota,
    provisionedMonthlyUsd,
    onDemandMonthlyUsd,
    storageGB,
    storageGB12m,
    storageMonthlyUsd,
    breakEvenReadUtilisation,
    breakEvenWriteUtilisation,
    chosenCapacityMonthlyUsd,
    cheaperMode,
    batchWriteCallsSavedPerSec,
    batchGetCallsSavedPerSec,
  };
  return { result, findings, readSim, writeSim, gsiSims };
}

/** The region's prices, or null when the price file has none for it. */
export function regionPrices(prices: DynamoPrices, region: string): DynamoRegionPrices | null {
  return Object.prototype.hasOwnProperty.call(prices.regions, region) ? (prices.regions[region] ?? null) : null;
}

/**
 * Size every table of the DynamoDB plan.
 * @param plan the plan's `dynamodb` section (parsed by dynamodbSchema)
 * @param webDynamicRps the web tier's planned dynamic request rate (SizingContext.dynamicRps)
 * @param prices the parsed public/prices/dynamodb.json (dynamoPricesSchema)
 */
export function sizeDynamo(plan: DynamoPlan, webDynamicRps: number, prices: DynamoPrices): DynamoResult {
  const findings: DynamoFinding[] = [];
  const rp = regionPrices(prices, plan.region);
  if (!rp) {
    findings.push({
      id: 'ddb-no-prices',
      kind: 'cost',
      severity: 'error',
      layer: 'dynamodb',
      message: `No DynamoDB prices for region ${plan.region} in the price file (as of ${prices.asOf}); costs show as $0.`,
      fix: 'Pick a region listed in public/prices/dynamodb.json, or add its prices there.',
    });
  }
  const p = rp ?? ZERO_PRICES;
  const hours = prices.hoursPerMonth;
  const sized = plan.enabled ? plan.tables.map((t) => sizeTable(t, webDynamicRps, p, hours)) : [];
  const tables = sized.map((s) => s.result);
  for (const s of sized) findings.push(...s.findings);

  const sum = (f: (t: DynamoTableResult) => number) => tables.reduce((acc, t) => acc + f(t), 0);
  const provTotal = sum((t) => t.provisionedMonthlyUsd.value);
  const odTotal = sum((t) => t.onDemandMonthlyUsd.value);
  const storageGbTotal = sum((t) => t.storageGB.value);
  const storageTotal = storageMonthlyCost(storageGbTotal, p, true);
  const chosenTotal = sum((t) => t.chosenCapacityMonthlyUsd.value);
  return {
    enabled: plan.enabled,
    region: plan.region,
    pricesAsOf: prices.asOf,
    tables,
    totals: {
      provisionedMonthlyUsd: explain(provTotal, {
        key: 'totals.provisionedMonthlyUsd',
        label: 'All tables provisioned, per month',
        unit: 'USD',
        formula: 'Σ tables provisioned capacity cost',
        inputs: { tables: tables.length },
        why: 'If every table were provisioned with its auto scaling settings.',
      }),
      onDemandMonthlyUsd: explain(odTotal, {
        key: 'totals.onDemandMonthlyUsd',
        label: 'All tables on-demand, per month',
        unit: 'USD',
        formula: 'Σ tables on-demand request cost',
        inputs: { tables: tables.length },
        why: 'If every table were on-demand.',
      }),
      storageMonthlyUsd: explain(storageTotal, {
        key: 'totals.storageMonthlyUsd',
        label: 'Storage, per month',
        unit: 'USD',
        formula: 'max(0, Σ GB − free GB) × $/GB-month',
        inputs: { storageGB: round(storageGbTotal, 3), freeGB: p.storageFreeGB, storageGBMonth: p.storageGBMonth },
        why: 'The first 25 GB a month are free per account (DOMAIN.md D.3: 100 GB costs $18.75).',
      }),
      monthlyUsd: explain(chosenTotal + storageTotal, {
        key: 'totals.monthlyUsd',
        label: 'DynamoDB, per month',
        unit: 'USD',
        formula: 'Σ tables capacity cost in their chosen mode + storage',
        inputs: { capacity: round(chosenTotal, 2), storage: round(storageTotal, 2), asOf: prices.asOf },
        why: `Prices for ${plan.region} as of ${prices.asOf}. Excludes backups, streams, global tables and data transfer.`,
      }),
    },
    findings,
  };
}
