/**
 * Dated DynamoDB prices, fetched once from public/prices/dynamodb.json and validated with zod
 * before the engine sees them (the file is data from outside the code).
 */
import { queryOptions } from '@tanstack/react-query';
import { parseDynamoPrices, type DynamoPrices } from '../../engine/dynamodb/prices-schema';

export const DYNAMO_PRICES_URL = `${import.meta.env.BASE_URL}prices/dynamodb.json`;

export async function fetchDynamoPrices(signal?: AbortSignal): Promise<DynamoPrices> {
  const res = await fetch(DYNAMO_PRICES_URL, { signal });
  if (!res.ok) throw new Error(`HTTP ${res.status} fetching ${DYNAMO_PRICES_URL}`);
  let raw: unknown;
  try {
    raw = await res.json();
  } catch {
    throw new Error(`${DYNAMO_PRICES_URL} is not valid JSON`);
  }
  const parsed = parseDynamoPrices(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.prices;
}

export function getDynamoPricesQueryOptions() {
  return queryOptions({
    queryKey: ['prices', 'dynamodb'] as const,
    queryFn: ({ signal }) => fetchDynamoPrices(signal),
    // Dated static data: never refetch on its own.
    staleTime: Infinity,
    gcTime: Infinity,
    retry: 1,
  });
}
