/**
 * The DynamoDB result the export needs: capacity units only (sizeDynamoUnits). Units never depend
 * on prices, so the panel and the CLI get the same files whether or not prices loaded. Costs are
 * not written.
 */
import { buildContext } from '../engine/context';
import { sizeDynamoUnits } from '../engine/dynamodb/size-dynamo';
import type { DynamoUnitsResult } from '../engine/dynamodb/types';
import type { DynamoPlan } from '../plan/dynamodb-schema';
import type { Plan } from '../plan/schema';

export function dynamoUnits(plan: Plan): DynamoUnitsResult {
  return dynamoUnitsFor(plan.dynamodb, buildContext(plan).dynamicRps);
}

/** The same from the DynamoDB section and the web tier's dynamic rps (what the result depends on: memoize on these). */
export function dynamoUnitsFor(ddb: DynamoPlan, webDynamicRps: number): DynamoUnitsResult {
  return sizeDynamoUnits(ddb, webDynamicRps);
}
