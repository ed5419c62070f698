/**
 * The hardware catalog and optimizer as one lazily loaded unit, with the TanStack Query client
 * that fetches the catalog file (react-query stays out of the entry chunk). The client is the one
 * the analysis data comes from (src/state/data-queries.ts), so the file is fetched once.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '../../state/data-queries';
import CatalogPanel from './catalog-panel';

export default function CatalogSection() {
  return (
    <QueryClientProvider client={queryClient}>
      <CatalogPanel />
    </QueryClientProvider>
  );
}
