/**
 * Display formatting only: numbers stay raw in the plan and the engine. Anything non-finite
 * (NaN, ±Infinity, null) renders as an em dash, so the page never shows "NaN".
 */
export const DASH = '—';

const cache = new Map<string, Intl.NumberFormat>();
function nf(maxFrac: number, minFrac = 0): Intl.NumberFormat {
  const k = `${maxFrac}:${minFrac}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxFrac, minimumFractionDigits: minFrac });
    cache.set(k, f);
  }
  return f;
}

export function isFiniteNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** 1,234 / 12.3 / 0.123: about three significant digits for small values, grouped integers above 100. */
export function formatNumber(n: unknown): string {
  if (!isFiniteNumber(n)) return DASH;
  const a = Math.abs(n);
  if (a >= 100 || Number.isInteger(n)) return nf(0).format(n);
  if (a >= 10) return nf(1).format(n);
  if (a >= 1) return nf(2).format(n);
  return nf(3).format(n);
}

/** Dollars with cents and grouping: $1,177.34 (— when not a finite number). */
export function formatUsd(n: unknown): string {
  return isFiniteNumber(n) ? `$${nf(2, 2).format(n)}` : DASH;
}

/** Value + unit, e.g. "12.3 ms", "1,024 MiB", "65 s". */
export function formatWithUnit(n: unknown, unit: string): string {
  const s = formatNumber(n);
  if (s === DASH || !unit) return s;
  return unit === '%' ? `${s}%` : `${s} ${unit}`;
}

export function formatPercent(share: unknown, digits = 0): string {
  if (!isFiniteNumber(share)) return DASH;
  return `${nf(digits).format(share * 100)}%`;
}

/** MiB shown as GiB once large enough to read better. */
export function formatMiB(mib: unknown): string {
  if (!isFiniteNumber(mib)) return DASH;
  if (Math.abs(mib) >= 10_240) return `${nf(1).format(mib / 1024)} GiB`;
  return `${nf(0).format(mib)} MiB`;
}

/** Any engine value (number, string, boolean, null) for a table cell. */
export function formatValue(v: unknown, unit = ''): string {
  if (typeof v === 'number') return formatWithUnit(v, unit);
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'string') return v === '' ? DASH : v;
  return DASH;
}
