/**
 * DynamoDB capacity planner (issue 3), in two halves (issue 10):
 * - sizeDynamoUnits(ddb, webDynamicRps): capacity units by DynamoDB's rounding, provisioned sizing
 *   with auto scaling, partitions and hot keys, quotas, storage volume, batching, and the findings
 *   that hold whatever the prices. No prices needed: the export reads only this.
 * - priceDynamo(units, prices): monthly cost (provisioned following the simulated day vs
 *   on-demand, + storage), break-even utilisation, cheaper mode and totals.
 * sizeDynamo(ddb, rps, prices) composes both for the callers that want one result.
 * PURE: plan, web-tier rate and prices in, explained numbers out. Rules and limits are in
 * DOMAIN.md section D; each `why` names its source. Rates in the plan are the PEAK of the daily
 * traffic; the daily average is peak / peakToAverage.
 */
import type { DynamoPlan } from '../../plan/dynamodb-schema';
import { explain, round } from '../explain';
import type { LambdaPrices, LambdaRegionPrices } from './lambda-prices-schema';
import type { DynamoPrices, DynamoRegionPrices } from './prices-schema';
import { priceTable, storageMonthlyCost } from './table-cost';
import { tableUnitFindings } from './table-findings';
import { sizeTableUnits } from './table-units';
import type { DynamoCostResult, DynamoFinding, DynamoResult, DynamoTableCost, DynamoTableResult, DynamoTableUnits, DynamoTotals, DynamoUnitsResult } from './types';

export { breakEvenUtilisation, onDemandMonthlyCost, provisionedMonthlyCost, SECONDS_PER_HOUR, storageMonthlyCost } from './table-cost';
export { autoscaledUnits, readUnitsPerCall, SCALE_UP_REACTION_S, tableRates } from './table-units';

const ZERO_PRICES: DynamoRegionPrices = {
  label: 'no prices',
  onDemandReadPerMillion: 0,
  onDemandWritePerMillion: 0,
  provisionedRcuHour: 0,
  provisionedWcuHour: 0,
  storageGBMonth: 0,
  storageFreeGB: 0,
};

/** The region's prices, or null when the price file has none for it. */
export function regionPrices(prices: DynamoPrices, region: string): DynamoRegionPrices | null {
  return Object.prototype.hasOwnProperty.call(prices.regions, region) ? (prices.regions[region] ?? null) : null;
}

/**
 * Units of every table of the DynamoDB plan: no prices involved.
 * @param ddb the plan's `dynamodb` section (parsed by dynamodbSchema)
 * @param webDynamicRps the web tier's planned dynamic request rate (SizingContext.dynamicRps)
 */
export function sizeDynamoUnits(ddb: DynamoPlan, webDynamicRps: number): DynamoUnitsResult {
  const sized = ddb.enabled ? ddb.tables.map((t) => sizeTableUnits(t, webDynamicRps)) : [];
  const tables = sized.map((s) => s.units);
  return {
    enabled: ddb.enabled,
    region: ddb.region,
    tables,
    findings: [...sized.flatMap((s) => tableUnitFindings(s.context, s.units, s.sims)), ...accountConcurrencyFindings(tables, ddb.lambdaAccountConcurrency)],
  };
}

/** Stream consumers of every table share the account's Lambda concurrency (DOMAIN.md I.2). */
export function accountConcurrencyFindings(tables: DynamoTableUnits[], accountConcurrency: number): DynamoFinding[] {
  const used = tables.reduce((s, t) => s + (t.stream?.concurrency.value ?? 0), 0);
  if (used <= accountConcurrency) return [];
  return [
    {
      id: 'ddb-lambda-concurrency',
      severity: 'warning',
      layer: 'dynamodb',
      message: `The stream consumers can run ${used.toLocaleString('en-US')} Lambda executions at once (shards × parallelization, all tables), above the account's ${accountConcurrency.toLocaleString('en-US')}: throttled invocations stall their shards and IteratorAge grows.`,
      fix: `Request a Lambda concurrency increase to at least ${used.toLocaleString('en-US')} (Service Quotas → AWS Lambda → Concurrent executions), or lower the parallelization factors.`,
      source: 'DOMAIN.md I.2, I.3',
    },
  ];
}

function totalsOf(tables: DynamoTableCost[], units: DynamoUnitsResult, p: DynamoRegionPrices, asOf: string): DynamoTotals {
  const sum = (f: (t: DynamoTableCost) => number) => tables.reduce((acc, t) => acc + f(t), 0);
  const provTotal = sum((t) => t.provisionedMonthlyUsd.value);
  const odTotal = sum((t) => t.onDemandMonthlyUsd.value);
  const storageGbTotal = units.tables.reduce((acc, t) => acc + t.storageGB.value, 0);
  const storageTotal = storageMonthlyCost(storageGbTotal, p, true);
  const chosenTotal = sum((t) => t.chosenCapacityMonthlyUsd.value);
  const streamTotal = sum((t) => t.streamMonthlyUsd?.value ?? 0);
  const streams = units.tables.filter((t) => t.stream !== null).length;
  const streamsPriced = tables.filter((t) => t.streamMonthlyUsd !== null).length;
  return {
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
    streamMonthlyUsd: explain(streamTotal, {
      key: 'totals.streamMonthlyUsd',
      label: 'Stream consumers (Lambda), per month',
      unit: 'USD',
      formula: 'Σ tables Lambda requests + GB-seconds',
      inputs: { streams, priced: streamsPriced },
      why: streams > streamsPriced ? 'Some streams are not priced: no Lambda prices loaded for the region.' : 'Lambda reads of the stream are free (DOMAIN.md I.4).',
    }),
    monthlyUsd: explain(chosenTotal + storageTotal + streamTotal, {
      key: 'totals.monthlyUsd',
      label: 'DynamoDB, per month',
      unit: 'USD',
      formula: 'Σ tables capacity cost in their chosen mode + storage + stream consumers',
      inputs: { capacity: round(chosenTotal, 2), storage: round(storageTotal, 2), streams: round(streamTotal, 2), asOf },
      why: `Prices for ${units.region} as of ${asOf}. Includes the Lambda stream consumers when their prices are loaded (stream reads by Lambda are free); excludes backups, global tables and data transfer.`,
    }),
  };
}

function priceWith(units: DynamoUnitsResult, p: DynamoRegionPrices, hoursPerMonth: number, asOf: string, lambda: LambdaRegionPrices | null): DynamoCostResult {
  const priced = units.tables.map((u) => priceTable(u, p, hoursPerMonth, lambda));
  const tables = priced.map((x) => x.cost);
  return {
    region: units.region,
    pricesAsOf: asOf,
    tables,
    totals: totalsOf(tables, units, p, asOf),
    findings: priced.flatMap((x) => x.findings.map((f) => ({ ...f, layer: 'dynamodb' as const }))),
  };
}

/**
 * Price the units with the dated price file. A region the file does not hold is a problem to
 * show, not a $0 bill.
 */
export function priceDynamo(units: DynamoUnitsResult, prices: DynamoPrices, lambdaPrices: LambdaPrices | null = null): DynamoCostResult | { problem: string } {
  const p = regionPrices(prices, units.region);
  if (!p) return { problem: `No DynamoDB prices for region ${units.region} in the price file (as of ${prices.asOf}).` };
  return priceWith(units, p, prices.hoursPerMonth, prices.asOf, lambdaRegion(lambdaPrices, units.region));
}

/** The region's Lambda prices, or null (no file, or no entry for the region). */
export function lambdaRegion(prices: LambdaPrices | null, region: string): LambdaRegionPrices | null {
  if (!prices || !Object.prototype.hasOwnProperty.call(prices.regions, region)) return null;
  return prices.regions[region] ?? null;
}

/** Units and cost of one table side by side (the cost list follows the units list). */
export function mergeTable(u: DynamoTableUnits, c: DynamoTableCost): DynamoTableResult {
  return { ...u, ...c };
}

/**
 * The cost half at zero prices, for a view that needs the cost fields before prices are loaded
 * (they are shown as unknown there); no cost findings, since there is no cost to judge.
 */
export function unpricedCost(units: DynamoUnitsResult, hoursPerMonth: number): DynamoCostResult {
  return { ...priceWith(units, ZERO_PRICES, hoursPerMonth, '', null), findings: [] };
}

/** Units and cost per table in one row, with both halves' findings. */
export function mergeResult(units: DynamoUnitsResult, cost: DynamoCostResult, extraFindings: readonly DynamoFinding[] = []): DynamoResult {
  return {
    enabled: units.enabled,
    region: units.region,
    pricesAsOf: cost.pricesAsOf,
    tables: units.tables.map((u, i) => mergeTable(u, cost.tables[i] as DynamoTableCost)),
    totals: cost.totals,
    findings: [...extraFindings, ...units.findings, ...cost.findings],
  };
}

/**
 * Units + cost in one result. Without prices for the region, costs show as $0 and an error
 * finding says why.
 */
export function sizeDynamo(plan: DynamoPlan, webDynamicRps: number, prices: DynamoPrices, lambdaPrices: LambdaPrices | null = null): DynamoResult {
  const units = sizeDynamoUnits(plan, webDynamicRps);
  const priced = priceDynamo(units, prices, lambdaPrices);
  const cost = 'problem' in priced ? priceWith(units, ZERO_PRICES, prices.hoursPerMonth, prices.asOf, null) : priced;
  const findings: DynamoFinding[] = [];
  if ('problem' in priced) {
    findings.push({
      id: 'ddb-no-prices',
      kind: 'cost',
      severity: 'error',
      layer: 'dynamodb',
      message: `${priced.problem} Costs show as $0.`,
      fix: 'Pick a region listed in public/prices/dynamodb.json, or add its prices there.',
    });
  }
  return { ...mergeResult(units, cost, findings), pricesAsOf: prices.asOf };
}
