/**
 * DynamoDB in the analysis: capacity units (no prices needed; what the export writes) and, when the
 * dated price file is loaded and has the plan's region, the cost of the same tables (stream
 * consumers priced with the Lambda price file when that is loaded too).
 */
import type { DynamoPlan } from '../../plan/dynamodb-schema';
import { costVsUtilisation, dayCurve } from '../dynamodb/chart-data';
import type { LambdaPrices } from '../dynamodb/lambda-prices-schema';
import type { DynamoPrices, DynamoRegionPrices } from '../dynamodb/prices-schema';
import { mergeTable, priceDynamo, regionPrices, sizeDynamoUnits } from '../dynamodb/size-dynamo';
import type { DynamoCostResult, DynamoResult, DynamoUnitsResult } from '../dynamodb/types';
import { HOURS_PER_MONTH } from '../fleet/fleet';
import { lazySections } from './lazy';
import type { DynamoSection } from './types';

const ZERO_REGION: DynamoRegionPrices = {
  label: 'units only',
  onDemandReadPerMillion: 0,
  onDemandWritePerMillion: 0,
  provisionedRcuHour: 0,
  provisionedWcuHour: 0,
  storageGBMonth: 0,
  storageFreeGB: 0,
};

/**
 * The panel's table rows need the cost fields too; without prices they are zero and hidden, and
 * no cost finding is shown (the panel's status line says why there is no cost).
 */
function unpriced(units: DynamoUnitsResult): DynamoCostResult {
  const zero: DynamoPrices = { schemaVersion: 1, asOf: '', currency: 'USD', hoursPerMonth: HOURS_PER_MONTH, source: 'none', confidence: 'secondary', regions: { [units.region]: ZERO_REGION } };
  const priced = priceDynamo(units, zero);
  if ('problem' in priced) throw new Error(priced.problem);
  return { ...priced, findings: [] };
}

function merged(units: DynamoUnitsResult, cost: DynamoCostResult): DynamoResult {
  return {
    enabled: units.enabled,
    region: units.region,
    pricesAsOf: cost.pricesAsOf,
    tables: units.tables.map((u, i) => {
      const c = cost.tables[i];
      if (!c) throw new Error(`no cost for table ${i}`);
      return mergeTable(u, c);
    }),
    totals: cost.totals,
    findings: [...units.findings, ...cost.findings],
  };
}

export function dynamoSectionOf(ddb: DynamoPlan, webDynamicRps: number, prices: DynamoPrices | null | undefined, lambdaPrices: LambdaPrices | null | undefined = null): DynamoSection | null {
  if (!ddb.enabled) return null;
  const units = sizeDynamoUnits(ddb, webDynamicRps);
  const priced = prices ? priceDynamo(units, prices, lambdaPrices ?? null) : { problem: 'DynamoDB prices are not loaded.' };
  const cost = 'problem' in priced ? null : priced;
  const region = prices ? regionPrices(prices, ddb.region) : null;
  const section: DynamoSection = lazySections<DynamoSection>({
    units: () => units,
    cost: () => cost,
    costProblem: () => ('problem' in priced ? priced.problem : null),
    shown: () => merged(units, cost ?? unpriced(units)),
    monthlyUsd: () => (cost ? cost.totals.monthlyUsd.value : null),
    charts: () =>
      ddb.tables.map((t, i) => {
        const r = section.shown.tables[i];
        if (!r) throw new Error(`no result for table ${i}`);
        return { day: dayCurve(t, r, 5), cost: cost && region && prices ? costVsUtilisation(r, region, prices.hoursPerMonth) : null };
      }),
  });
  return section;
}
