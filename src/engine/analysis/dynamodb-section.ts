/**
 * DynamoDB in the analysis: capacity units (no prices needed; what the export writes) and, when the
 * dated price file is loaded and has the plan's region, the cost of the same tables.
 */
import type { DynamoPlan } from '../../plan/dynamodb-schema';
import { costVsUtilisation, dayCurve } from '../dynamodb/chart-data';
import type { DynamoPrices } from '../dynamodb/prices-schema';
import { regionPrices, sizeDynamo } from '../dynamodb/size-dynamo';
import { HOURS_PER_MONTH } from '../fleet/fleet';
import type { DynamoResult } from '../dynamodb/types';
import { lazySections } from './lazy';
import type { DynamoSection } from './types';

/**
 * Units never depend on prices; until sizing and pricing are separate functions the units come
 * from the same sizer with a zero price table for the plan's region, and the cost result is ignored.
 */
export function dynamoUnitsOf(ddb: DynamoPlan, webDynamicRps: number): DynamoResult {
  const zero: DynamoPrices = {
    schemaVersion: 1,
    asOf: '1970-01-01',
    currency: 'USD',
    hoursPerMonth: HOURS_PER_MONTH,
    source: 'none: capacity units only',
    confidence: 'secondary',
    regions: {
      [ddb.region]: {
        label: 'units only',
        onDemandReadPerMillion: 0,
        onDemandWritePerMillion: 0,
        provisionedRcuHour: 0,
        provisionedWcuHour: 0,
        storageGBMonth: 0,
        storageFreeGB: 0,
      },
    },
  };
  return sizeDynamo(ddb, webDynamicRps, zero);
}

/** Without prices the cost findings (no prices, a cheaper mode) say nothing; the panel's status line says why. */
function withoutCostFindings(units: DynamoResult): DynamoResult {
  return { ...units, findings: units.findings.filter((f) => f.kind !== 'cost') };
}

export function dynamoSectionOf(ddb: DynamoPlan, webDynamicRps: number, prices: DynamoPrices | null | undefined): DynamoSection | null {
  if (!ddb.enabled) return null;
  const units = dynamoUnitsOf(ddb, webDynamicRps);
  const costProblem = !prices ? 'DynamoDB prices are not loaded.' : regionPrices(prices, ddb.region) === null ? `The price file has no prices for ${ddb.region}.` : null;
  const cost = prices && costProblem === null ? sizeDynamo(ddb, webDynamicRps, prices) : null;
  const shown = cost ?? withoutCostFindings(units);
  const region = prices ? regionPrices(prices, ddb.region) : null;
  return lazySections<DynamoSection>({
    units: () => units,
    cost: () => cost,
    costProblem: () => costProblem,
    shown: () => shown,
    monthlyUsd: () => (cost ? cost.totals.monthlyUsd.value : null),
    charts: () =>
      ddb.tables.map((t, i) => {
        const r = shown.tables[i];
        if (!r) throw new Error(`no result for table ${i}`);
        return { day: dayCurve(t, r, 5), cost: cost && region && prices ? costVsUtilisation(r, region, prices.hoursPerMonth) : null };
      }),
  });
}
