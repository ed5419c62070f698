/**
 * Dated DynamoDB and Lambda prices, fetched once from public/prices/*.json and validated with zod
 * before the engine sees them (the files are data from outside the code).
 */
import { queryOptions } from '@tanstack/react-query';
import { parseLambdaPrices, type LambdaPrices } from '../../engine/dynamodb/lambda-prices-schema';
import { parseDynamoPrices, type DynamoPrices } from '../../engine/dynamodb/prices-schema';

export const DYNAMO_PRICES_URL = `${import.meta.env.BASE_URL}prices/dynamodb.json`;
export const LAMBDA_PRICES_URL = `${import.meta.env.BASE_URL}prices/lambda.json`;

type Parsed<T> = { ok: true; prices: T } | { ok: false; message: string };

async function fetchPriceFile<T>(url: string, parse: (raw: unknown) => Parsed<T>, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal });
  if (!res.ok) throw new Error(`HTTP ${res.status} fetching ${url}`);
  let raw: unknown;
  try {
    raw = await res.json();
  } catch {
    throw new Error(`${url} is not valid JSON`);
  }
  const parsed = parse(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.prices;
}

export function fetchDynamoPrices(signal?: AbortSignal): Promise<DynamoPrices> {
  return fetchPriceFile(DYNAMO_PRICES_URL, parseDynamoPrices, signal);
}

/** Lambda prices for the stream consumers (public/prices/lambda.json). */
export function fetchLambdaPrices(signal?: AbortSignal): Promise<LambdaPrices> {
  return fetchPriceFile(LAMBDA_PRICES_URL, parseLambdaPrices, signal);
}

// Dated static data: never refetch on its own.
const STATIC = { staleTime: Infinity, gcTime: Infinity, retry: 1 } as const;

export function getDynamoPricesQueryOptions() {
  return queryOptions({ queryKey: ['prices', 'dynamodb'] as const, queryFn: ({ signal }) => fetchDynamoPrices(signal), ...STATIC });
}

export function getLambdaPricesQueryOptions() {
  return queryOptions({ queryKey: ['prices', 'lambda'] as const, queryFn: ({ signal }) => fetchLambdaPrices(signal), ...STATIC });
}
