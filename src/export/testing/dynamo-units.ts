/**
 * Test support: the DynamoDB units a plan's export is built from, read from the plan's analysis
 * (the same place buildBundle reads them), so tests compare files with the numbers they came from.
 */
import { analyzePlan } from '../../engine/analysis/analyze-plan';
import type { DynamoUnitsResult } from '../../engine/dynamodb/types';
import type { Plan } from '../../plan/schema';

export function dynamoUnits(plan: Plan): DynamoUnitsResult {
  const section = analyzePlan(plan).dynamodb;
  if (!section) throw new Error('DynamoDB is off in this plan');
  return section.units;
}
