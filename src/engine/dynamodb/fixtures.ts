/**
 * Shared test fixtures for the DynamoDB planner: the price file as shipped, and small builders
 * for plans. Pure data (the JSON import is bundled, nothing is fetched).
 */
import rawPrices from '../../../public/prices/dynamodb.json';
import { dynamodbSchema, type DynamoPlan, type DynamoTableInput } from '../../plan/dynamodb-schema';
import { dynamoPricesSchema, type DynamoPrices, type DynamoRegionPrices } from './prices-schema';

export const SHIPPED_PRICES: DynamoPrices = dynamoPricesSchema.parse(rawPrices);
export const US_EAST_1: DynamoRegionPrices = SHIPPED_PRICES.regions['us-east-1'] as DynamoRegionPrices;

/** A one-table plan: entered rates, strong GetItem only, unless overridden. */
export function directTable(overrides: DynamoTableInput = {}): DynamoPlan {
  return dynamodbSchema.parse({
    tables: [
      {
        source: 'direct',
        eventualShare: 0,
        strongShare: 1,
        transactionalShare: 0,
        getShare: 1,
        queryShare: 0,
        peakToAverage: 1,
        ...overrides,
      },
    ],
  });
}
