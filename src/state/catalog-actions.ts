/**
 * Choosing a catalog entry (the picker's "Use", the optimizer's "Apply"): one undoable plan
 * replacement that copies the entry's hardware and price into the plan (src/engine/catalog/apply.ts).
 */
import { applyCatalogEntry } from '../engine/catalog/apply';
import type { CatalogEntry } from '../engine/catalog/schema';
import { usePlanStore } from './plan-store';

export function chooseCatalogEntry(entry: CatalogEntry, hoursPerMonth: number, servers?: number, spare?: boolean): void {
  const { plan, replacePlan } = usePlanStore.getState();
  replacePlan(applyCatalogEntry(plan, entry, hoursPerMonth, servers, spare));
}
