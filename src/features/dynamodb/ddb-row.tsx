/**
 * One explained number of the DynamoDB section (the shared ValueRow; a null value reads "never",
 * e.g. a table that never throttles). Shared by the table outputs and the streams part.
 */
import { formatExplained, ValueRow } from '../../components/value-row';
import type { Explained } from '../../engine/types';

export const show = (item: Explained<unknown>): string => formatExplained(item, 'never');

export function DdbRow({ item, testId }: { item: Explained<unknown>; testId?: string }) {
  return <ValueRow item={item} testId={testId} nullText="never" />;
}
