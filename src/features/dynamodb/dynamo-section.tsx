/**
 * The DynamoDB section as one lazily loaded unit: the panel plus the TanStack Query client whose
 * price query it shows (the analysis data uses the same client, src/state/data-queries.ts).
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '../../state/data-queries';
import DynamoPanel from './dynamo-panel';

export default function DynamoSection() {
  return (
    <QueryClientProvider client={queryClient}>
      <DynamoPanel />
    </QueryClientProvider>
  );
}
