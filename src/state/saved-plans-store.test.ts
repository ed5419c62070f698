/** The saved-plans store: list, save, rename, duplicate, delete, persisted; garbage in storage is survivable. */
import { describe, expect, it } from 'vitest';
import { fixture } from '../plan/fixtures';
import { defaultPlan } from '../plan/schema';
import { SAVED_PLANS_KEY } from '../share/saved-plans';
import { createSavedPlansStore } from './saved-plans-store';

function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), map: m };
}
const clock = () => new Date('2026-03-01T12:00:00Z');

describe('saved plans store', () => {
  it('save, rename, duplicate, delete — and a new store (a reload) sees the same list', () => {
    const storage = memoryStorage();
    const store = createSavedPlansStore(() => storage, clock);
    const a = store.getState().save('  Shop  ', fixture('phpShop'));
    expect(a.name).toBe('Shop');
    store.getState().rename(a.id, 'Shop 2026');
    const copy = store.getState().duplicate(a.id);
    expect(copy?.name).toBe('Shop 2026 (copy)');
    store.getState().save('', defaultPlan());
    expect(store.getState().plans.map((p) => p.name)).toEqual(['Shop 2026', 'Shop 2026 (copy)', 'Untitled plan']);
    store.getState().remove(a.id);

    const reloaded = createSavedPlansStore(() => storage, clock);
    reloaded.getState().load();
    expect(reloaded.getState().plans.map((p) => p.name)).toEqual(['Shop 2026 (copy)', 'Untitled plan']);
    expect(reloaded.getState().plans[0]?.plan).toEqual(fixture('phpShop'));
    expect(reloaded.getState().loadProblems).toEqual([]);
  });

  it('garbage in localStorage: reported, app state usable, and saving works again', () => {
    const storage = memoryStorage({ [SAVED_PLANS_KEY]: '\u0000garbage{{{' });
    const store = createSavedPlansStore(() => storage, clock);
    store.getState().load();
    expect(store.getState().plans).toEqual([]);
    expect(store.getState().loadProblems[0]?.message).toMatch(/not valid JSON/);
    store.getState().save('Fresh', defaultPlan());
    expect(JSON.parse(storage.map.get(SAVED_PLANS_KEY) ?? '').plans).toHaveLength(1);
  });

  it('a full storage reports the write error instead of throwing', () => {
    const store = createSavedPlansStore(
      () => ({
        getItem: () => null,
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
      }),
      clock,
    );
    store.getState().save('x', defaultPlan());
    expect(store.getState().writeError).toMatch(/QuotaExceeded/);
    expect(store.getState().plans).toHaveLength(1);
  });
});
