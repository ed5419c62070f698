/**
 * The dated static data files (hardware catalog, DynamoDB prices): fetched once per session with
 * TanStack Query, validated with zod (src/engine/*-schema.ts), and handed to the analysis through
 * ./analysis-data.ts. Panels show the load state with the same queries (one client, one fetch).
 * Loaded lazily (after the first paint) so react-query stays out of the entry chunk.
 */
import { QueryClient, QueryObserver, queryOptions } from '@tanstack/react-query';
import { parseCatalog, type Catalog } from '../engine/catalog/schema';
import { parseLambdaPrices, type LambdaPrices } from '../engine/dynamodb/lambda-prices-schema';
import { parseDynamoPrices, type DynamoPrices } from '../engine/dynamodb/prices-schema';
import { setAnalysisData } from './analysis-data';

export const CATALOG_URL = `${import.meta.env.BASE_URL}catalog/hardware.json`;
export const DYNAMO_PRICES_URL = `${import.meta.env.BASE_URL}prices/dynamodb.json`;
export const LAMBDA_PRICES_URL = `${import.meta.env.BASE_URL}prices/lambda.json`;

// Dated static data: fetch once per session; retry once on a network error (then the retry button).
export const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, gcTime: Infinity, retry: 1 } } });

async function fetchJson<T>(url: string, parse: (raw: unknown) => { ok: true; value: T } | { ok: false; message: string }, signal?: AbortSignal): Promise<T> {
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
  return parsed.value;
}

export function getCatalogQueryOptions() {
  return queryOptions({
    queryKey: ['catalog', 'hardware'] as const,
    queryFn: ({ signal }) =>
      fetchJson<Catalog>(CATALOG_URL, (raw) => {
        const r = parseCatalog(raw);
        return r.ok ? { ok: true, value: r.catalog } : r;
      }, signal),
  });
}

export function getDynamoPricesQueryOptions() {
  return queryOptions({
    queryKey: ['prices', 'dynamodb'] as const,
    queryFn: ({ signal }) =>
      fetchJson<DynamoPrices>(DYNAMO_PRICES_URL, (raw) => {
        const r = parseDynamoPrices(raw);
        return r.ok ? { ok: true, value: r.prices } : r;
      }, signal),
  });
}

export function getLambdaPricesQueryOptions() {
  return queryOptions({
    queryKey: ['prices', 'lambda'] as const,
    queryFn: ({ signal }) =>
      fetchJson<LambdaPrices>(LAMBDA_PRICES_URL, (raw) => {
        const r = parseLambdaPrices(raw);
        return r.ok ? { ok: true, value: r.prices } : r;
      }, signal),
  });
}

let started = false;

/** Start loading both files and keep the analysis data in step with the queries (a retry included). */
export function startAnalysisData(): void {
  if (started) return;
  started = true;
  const catalog = new QueryObserver(queryClient, getCatalogQueryOptions());
  catalog.subscribe((r) => setAnalysisData({ catalog: r.data ?? null }));
  const prices = new QueryObserver(queryClient, getDynamoPricesQueryOptions());
  prices.subscribe((r) => setAnalysisData({ dynamoPrices: r.data ?? null }));
  const lambda = new QueryObserver(queryClient, getLambdaPricesQueryOptions());
  lambda.subscribe((r) => setAnalysisData({ lambdaPrices: r.data ?? null }));
}
