/**
 * One explained number of the DynamoDB section: label, value in its unit, and the why-details.
 * Shared by the table outputs and the streams part.
 */
import { memo } from 'react';
import { formatNumber, formatPercent, formatUsd, formatValue } from '../../components/format';
import { WhyDetails } from '../../components/why-details';
import type { Explained } from '../../engine/types';

export function show(item: Explained<unknown>): string {
  const v = item.value;
  if (v === null) return 'never';
  if (typeof v === 'number') {
    if (item.unit === 'USD') return formatUsd(v);
    if (item.unit === 'share') return formatPercent(v, 1);
    if (item.unit === '×') return `${formatNumber(v)}×`;
  }
  return formatValue(v, item.unit);
}


export const DdbRow = memo(function DdbRow({ item, testId }: { item: Explained<unknown>; testId?: string }) {
  return (
    <li className="setting">
      <div className="setting-main">
        <span className="setting-label">{item.label}</span>
        <span className="setting-value" data-testid={testId}>
          {show(item)}
        </span>
      </div>
      <WhyDetails item={item} />
    </li>
  );
});

