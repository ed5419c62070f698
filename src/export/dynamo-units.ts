/**
 * The DynamoDB result the export needs: capacity units only. Units never depend on prices, so the
 * export sizes the tables with a zero price table for the plan's region (no fetch, no price file):
 * the panel and the CLI get the same files whether or not prices loaded. Costs are not written.
 */
import { buildContext } from '../engine/context';
import type { DynamoPrices } from '../engine/dynamodb/prices-schema';
import { sizeDynamo } from '../engine/dynamodb/size-dynamo';
import type { DynamoResult } from '../engine/dynamodb/types';
import type { DynamoPlan } from '../plan/dynamodb-schema';
import type { Plan } from '../plan/schema';

export function dynamoUnits(plan: Plan): DynamoResult {
  return dynamoUnitsFor(plan.dynamodb, buildContext(plan).dynamicRps);
}

/** The same from the DynamoDB section and the web tier's dynamic rps (what the result depends on: memoize on these). */
export function dynamoUnitsFor(ddb: DynamoPlan, webDynamicRps: number): DynamoResult {
  const prices: DynamoPrices = {
    schemaVersion: 1,
    asOf: '1970-01-01',
    currency: 'USD',
    hoursPerMonth: 730,
    source: 'none: the export uses capacity units only',
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
  return sizeDynamo(ddb, webDynamicRps, prices);
}
