/**
 * One explained number in a settings list: label, value in its unit, and the why-details. Shared
 * by the fleet, cluster and DynamoDB panels (one formatting of Explained values for all of them).
 */
import { memo } from 'react';
import type { Explained } from '../engine/types';
import { DASH, formatNumber, formatPercent, formatUsd, formatValue } from './format';
import { WhyDetails } from './why-details';

/** An Explained value as shown: dollars with cents, shares as %, factors as "n×", null as `nullText`. */
export function formatExplained(item: Explained<unknown>, nullText = DASH): string {
  const v = item.value;
  if (v === null) return nullText;
  if (typeof v === 'number') {
    if (item.unit === 'USD') return formatUsd(v);
    if (item.unit === 'share') return formatPercent(v, 1);
    if (item.unit === '×') return `${formatNumber(v)}×`;
  }
  return formatValue(v, item.unit);
}

export interface ValueRowProps {
  item: Explained<unknown>;
  testId?: string | undefined;
  /** Shown instead of the formatted value (e.g. a verdict in words). */
  text?: string | undefined;
  /** What a null value says (default an em dash). */
  nullText?: string;
}

export const ValueRow = memo(function ValueRow({ item, testId, text, nullText }: ValueRowProps) {
  return (
    <li className="setting">
      <div className="setting-main">
        <span className="setting-label" data-testid={testId ? `${testId}-label` : undefined}>
          {item.label}
        </span>
        <span className="setting-value" data-testid={testId}>
          {text ?? formatExplained(item, nullText)}
        </span>
      </div>
      <WhyDetails item={item} />
    </li>
  );
});
