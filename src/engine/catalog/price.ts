/** Catalog prices without the catalog's zod schema (so the analysis does not pull zod into the entry chunk). */
import type { CatalogEntry } from './schema';

/** USD per server-month (on-demand hours × hourly price, or the monthly price); null without a price. */
export function monthlyUsdOf(entry: Pick<CatalogEntry, 'price'>, hoursPerMonth: number): number | null {
  const p = entry.price;
  if (!p) return null;
  return p.per === 'hour' ? p.usd * hoursPerMonth : p.usd;
}
