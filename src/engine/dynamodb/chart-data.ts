/**
 * Chart data for the DynamoDB panel, pure so it can be tested and reused by the CLI:
 * 1. monthly capacity cost against average utilisation of provisioned capacity (provisioned vs
 *    on-demand, with the break-even utilisation);
 * 2. a day of traffic against the auto-scaled provisioned capacity, with throttled spans.
 */
import type { DynamoTable } from '../../plan/dynamodb-schema';
import type { DynamoRegionPrices } from './prices-schema';
import { breakEvenUtilisation, onDemandMonthlyCost, provisionedMonthlyCost } from './size-dynamo';
import { dailyShape, MINUTES_PER_DAY, simulateDay, type Span } from './simulate';
import type { DynamoTableResult } from './types';

export interface CostPoint {
  /** Average utilisation of provisioned capacity, percent. */
  utilisationPct: number;
  provisionedUsd: number;
  onDemandUsd: number;
}

export interface CostChart {
  points: CostPoint[];
  /** Percent; where the two lines cross (cost-weighted over reads and writes). */
  breakEvenPct: number;
  /** The plan's own average utilisation (cost-weighted), percent, clamped to the chart. */
  currentPct: number;
  onDemandUsd: number;
}

export interface DayChartPoint {
  minute: number;
  /** "HH:MM" UTC. */
  time: string;
  readConsumed: number;
  readProvisioned: number;
  readThrottled: number;
  writeConsumed: number;
  writeProvisioned: number;
  writeThrottled: number;
}

export interface DayChart {
  points: DayChartPoint[];
  readSpans: Span[];
  writeSpans: Span[];
  stepMinutes: number;
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const fin = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

/**
 * Cost against utilisation for the table's average load (capacity only; storage is the same in
 * both modes). At utilisation u the provisioned capacity is average / u.
 */
export function costVsUtilisation(r: DynamoTableResult, prices: DynamoRegionPrices, hoursPerMonth: number, stepPct = 1): CostChart {
  const avgR = r.avgRcu.value;
  const avgW = r.totalAvgWcu.value;
  const onDemandUsd = onDemandMonthlyCost(avgR, avgW, prices, hoursPerMonth);
  const points: CostPoint[] = [];
  const step = Math.max(0.5, stepPct);
  for (let pctU = 5; pctU <= 100 + 1e-9; pctU += step) {
    const u = pctU / 100;
    points.push({ utilisationPct: Math.round(pctU * 100) / 100, provisionedUsd: provisionedMonthlyCost(avgR / u, avgW / u, prices, hoursPerMonth), onDemandUsd });
  }
  // Cost-weighted break-even: provisioned at 100% / on-demand (equals both per-unit ratios when they agree).
  const prov100 = provisionedMonthlyCost(avgR, avgW, prices, hoursPerMonth);
  const breakEven =
    onDemandUsd > 0
      ? prov100 / onDemandUsd
      : Math.min(breakEvenUtilisation(prices.provisionedRcuHour, prices.onDemandReadPerMillion), breakEvenUtilisation(prices.provisionedWcuHour, prices.onDemandWritePerMillion));
  const provNow = r.provisionedMonthlyUsd.value;
  const current = provNow > 0 ? prov100 / provNow : 0;
  return {
    points,
    breakEvenPct: fin(breakEven * 100),
    currentPct: Math.min(100, fin(current * 100)),
    onDemandUsd,
  };
}

/** The simulated day for the table's reads and base-table writes, sampled every `stepMinutes`. */
export function dayCurve(t: DynamoTable, r: DynamoTableResult, stepMinutes = 5): DayChart {
  const shape = dailyShape(t.peakToAverage);
  const a = t.autoscaling;
  const provisioned = t.capacityMode === 'provisioned';
  const reads = simulateDay(r.peakRcu.value, shape, { minUnits: a.minRcu, maxUnits: a.maxRcu, targetPct: a.readTargetPct });
  const writes = simulateDay(r.peakWcu.value, shape, { minUnits: a.minWcu, maxUnits: a.maxWcu, targetPct: a.writeTargetPct });
  const step = Math.max(1, Math.floor(stepMinutes));
  const points: DayChartPoint[] = [];
  for (let m = 0; m < MINUTES_PER_DAY; m += step) {
    // Throttling inside a sampled window must not disappear: take the window's maximum.
    let rt = 0;
    let wt = 0;
    for (let k = m; k < Math.min(MINUTES_PER_DAY, m + step); k++) {
      rt = Math.max(rt, reads.points[k]?.throttled ?? 0);
      wt = Math.max(wt, writes.points[k]?.throttled ?? 0);
    }
    const rp = reads.points[m];
    const wp = writes.points[m];
    points.push({
      minute: m,
      time: hhmm(m),
      readConsumed: rp?.consumed ?? 0,
      // On-demand has no provisioned line; show the consumed curve as the capacity.
      readProvisioned: provisioned ? (rp?.provisioned ?? 0) : (rp?.consumed ?? 0),
      readThrottled: provisioned ? rt : 0,
      writeConsumed: wp?.consumed ?? 0,
      writeProvisioned: provisioned ? (wp?.provisioned ?? 0) : (wp?.consumed ?? 0),
      writeThrottled: provisioned ? wt : 0,
    });
  }
  return { points, readSpans: provisioned ? reads.spans : [], writeSpans: provisioned ? writes.spans : [], stepMinutes: step };
}
