/**
 * The hardware catalog and optimizer as one lazily loaded unit, with the TanStack Query client that
 * fetches the catalog file (react-query stays out of the entry chunk, as in the DynamoDB section).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import CatalogPanel from './catalog-panel';

// Dated static data: fetch once per session; retry once on a network error (then the retry button).
const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: 1 } } });

export default function CatalogSection({ dynamoMonthlyUsd = null }: { dynamoMonthlyUsd?: number | null }) {
  return (
    <QueryClientProvider client={queryClient}>
      <CatalogPanel dynamoMonthlyUsd={dynamoMonthlyUsd} />
    </QueryClientProvider>
  );
}
