/**
 * Choosing a catalog entry for the plan. The entry's numbers are copied into the plan (with its id
 * in `catalogId`), and so is its price (as USD per hour in `fleet.hourlyPriceUsd`): a shared link
 * then opens with the same hardware and cost even if the catalog later changes or drops the entry.
 */
import { findPreset } from '../../plan/presets';
import type { Plan } from '../../plan/schema';
import type { CatalogEntry } from './schema';

/** The entry's price in USD per server-hour (monthly prices spread over the month's hours); null without a price. */
export function hourlyUsdOf(entry: Pick<CatalogEntry, 'price'>, hoursPerMonth: number): number | null {
  const p = entry.price;
  if (!p) return null;
  return p.per === 'hour' ? p.usd : p.usd / hoursPerMonth;
}

/** `servers` and `spare`: an optimizer pick's fleet size and whether it holds a spare (N+1). */
export function applyCatalogEntry(plan: Plan, entry: CatalogEntry, hoursPerMonth: number, servers?: number, spare?: boolean): Plan {
  // Entries that are also built-in presets keep the preset picker in step.
  const preset = findPreset(entry.id);
  return {
    ...plan,
    hardware: {
      ...plan.hardware,
      presetId: preset ? preset.id : 'custom',
      catalogId: entry.id,
      physicalCores: entry.physicalCores,
      hardwareThreads: entry.hardwareThreads,
      ramGiB: entry.ramGiB,
      perCoreSpeed: entry.perCoreSpeed,
    },
    fleet: {
      ...plan.fleet,
      servers: servers ?? plan.fleet.servers,
      spare: spare ?? plan.fleet.spare,
      hourlyPriceUsd: hourlyUsdOf(entry, hoursPerMonth),
    },
  };
}
