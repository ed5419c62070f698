/**
 * DynamoDB in the analysis: capacity units (no prices needed; what the export writes) and, when the
 * dated price file is loaded and has the plan's region, the cost of the same tables (stream
 * consumers priced with the Lambda price file when that is loaded too).
 */
import type { DynamoPlan } from '../../plan/dynamodb-schema';
import { costVsUtilisation, dayCurve } from '../dynamodb/chart-data';
import type { LambdaPrices } from '../dynamodb/lambda-prices-schema';
import type { DynamoPrices } from '../dynamodb/prices-schema';
import { mergeResult, priceDynamo, regionPrices, sizeDynamoUnits, unpricedCost } from '../dynamodb/size-dynamo';
import { HOURS_PER_MONTH } from '../fleet/fleet';
import { lazySections } from './lazy';
import type { DynamoSection } from './types';

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
    shown: () => mergeResult(units, cost ?? unpricedCost(units, prices?.hoursPerMonth ?? HOURS_PER_MONTH)),
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
