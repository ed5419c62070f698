/**
 * The DynamoDB section as one lazily loaded unit: the panel plus the TanStack Query client that
 * fetches its price file. Loading both with the panel keeps react-query out of the entry chunk
 * (the first numbers of the web tier do not need it).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import DynamoPanel, { type DynamoPanelProps } from './dynamo-panel';

// Prices are dated static data: fetch once per session, retry twice on a network error.
const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: 2 } } });

export default function DynamoSection({ onMonthlyUsd }: DynamoPanelProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <DynamoPanel onMonthlyUsd={onMonthlyUsd} />
    </QueryClientProvider>
  );
}
