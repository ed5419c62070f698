/**
 * The dated hardware catalog, fetched once from public/catalog/hardware.json and validated entry
 * by entry (src/engine/catalog/schema.ts) before the picker and optimizer see it.
 */
import { queryOptions } from '@tanstack/react-query';
import { parseCatalog, type Catalog } from '../../engine/catalog/schema';

export const CATALOG_URL = `${import.meta.env.BASE_URL}catalog/hardware.json`;

export async function fetchCatalog(signal?: AbortSignal): Promise<Catalog> {
  const res = await fetch(CATALOG_URL, { signal });
  if (!res.ok) throw new Error(`HTTP ${res.status} fetching ${CATALOG_URL}`);
  let raw: unknown;
  try {
    raw = await res.json();
  } catch {
    throw new Error(`${CATALOG_URL} is not valid JSON`);
  }
  const parsed = parseCatalog(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.catalog;
}

export function getCatalogQueryOptions() {
  return queryOptions({
    queryKey: ['catalog', 'hardware'] as const,
    queryFn: ({ signal }) => fetchCatalog(signal),
    // Dated static data: never refetch on its own.
    staleTime: Infinity,
    gcTime: Infinity,
    retry: 1,
  });
}
