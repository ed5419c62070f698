/** The saved-plans store: list, save, rename, duplicate, delete, persisted; garbage in storage is survivable. */
import { describe, expect, it } from 'vitest';
import { fixture } from '../plan/fixtures';
import { defaultPlan } from '../plan/schema';
import { MAX_SAVED_PLANS, SAVED_PLANS_KEY, UNREADABLE_KEY } from '../share/saved-plans';
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
    if (!a) throw new Error('not saved');
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
    expect(store.getState().save('x', defaultPlan())).toBeNull();
    expect(store.getState().writeError).toMatch(/QuotaExceeded.*nothing was changed/);
    // Rolled back: the list does not show a plan that is not stored.
    expect(store.getState().plans).toHaveLength(0);
  });

  it('a failed write of a rename or delete leaves the list as it was, and the next good write clears the error', () => {
    const storage = memoryStorage();
    let full = false;
    const flaky = { getItem: storage.getItem, setItem: (k: string, v: string) => (full ? (() => { throw new DOMException('exceeded the quota', 'QuotaExceededError'); })() : storage.setItem(k, v)) };
    const store = createSavedPlansStore(() => flaky, clock);
    const a = store.getState().save('A', defaultPlan());
    if (!a) throw new Error('not saved');
    full = true;
    store.getState().rename(a.id, 'B');
    store.getState().remove(a.id);
    expect(store.getState().plans.map((p) => p.name)).toEqual(['A']);
    expect(store.getState().writeError).toMatch(/storage for this site is full/);
    full = false;
    store.getState().rename(a.id, 'B');
    expect(store.getState().writeError).toBeNull();
    expect(JSON.parse(storage.map.get(SAVED_PLANS_KEY) ?? '').plans[0].name).toBe('B');
  });
});

describe('saved plans this build cannot read are never destroyed (issue 11 item 2)', () => {
  const entry = (id: string, name: string, plan: unknown) => ({ id, name, savedAt: '2026-01-02T03:04:05.000Z', plan });

  it('a list written by a newer Headroom is moved to its own key before the first save, and said so', () => {
    const newer = JSON.stringify({ version: 2, plans: [{ id: 'n', title: 'From the future' }] });
    const storage = memoryStorage({ [SAVED_PLANS_KEY]: newer });
    const store = createSavedPlansStore(() => storage, clock);
    store.getState().load();
    expect(store.getState().loadProblems[0]?.message).toMatch(/newer Headroom.*moves it to its own key/);
    store.getState().save('Mine', defaultPlan());
    expect(storage.map.get(UNREADABLE_KEY)).toBe(newer);
    expect(store.getState().notice).toContain(UNREADABLE_KEY);
    expect(JSON.parse(storage.map.get(SAVED_PLANS_KEY) ?? '').plans.map((p: { name: string }) => p.name)).toEqual(['Mine']);
    // A second save does not move anything again.
    store.getState().save('Mine 2', defaultPlan());
    expect([...storage.map.keys()].filter((k) => k.startsWith(UNREADABLE_KEY))).toEqual([UNREADABLE_KEY]);
  });

  it('invalid entries, plans of a newer format and duplicates are written back untouched', () => {
    const future = entry('f', 'Future', { version: 99, hologram: true });
    const list = { version: 1, plans: [entry('a', 'Good', {}), 42, { id: 'x' }, future, entry('a', 'Dup', {})] };
    const storage = memoryStorage({ [SAVED_PLANS_KEY]: JSON.stringify(list) });
    const store = createSavedPlansStore(() => storage, clock);
    store.getState().load();
    expect(store.getState().plans.map((p) => p.name)).toEqual(['Good']);
    store.getState().save('New', defaultPlan());
    const stored = JSON.parse(storage.map.get(SAVED_PLANS_KEY) ?? '').plans;
    expect(stored).toHaveLength(6);
    expect(stored).toEqual(expect.arrayContaining([42, { id: 'x' }, future, entry('a', 'Dup', {})]));
  });

  it('fields this build does not know survive saving another plan and a rename', () => {
    const list = { version: 1, plans: [entry('a', 'Newer fields', { hardware: { physicalCores: 8, hardwareThreads: 16, gpus: 2 }, futureSection: { x: 1 } })] };
    const storage = memoryStorage({ [SAVED_PLANS_KEY]: JSON.stringify(list) });
    const store = createSavedPlansStore(() => storage, clock);
    store.getState().load();
    const texts = store.getState().loadProblems.map((p) => `${p.field}: ${p.message}`);
    expect(texts).toEqual(['"Newer fields" hardware.gpus: unknown field (not used here; kept in storage)', '"Newer fields" futureSection: unknown field (not used here; kept in storage)']);
    store.getState().save('Other', defaultPlan());
    store.getState().rename('a', 'Renamed');
    const stored = JSON.parse(storage.map.get(SAVED_PLANS_KEY) ?? '').plans;
    expect(stored[0]).toEqual({ ...list.plans[0], name: 'Renamed' });
  });

  it('more than 200 plans: the rest are kept (not truncated), and saving past the limit is refused with a message', () => {
    const plans = Array.from({ length: 205 }, (_, i) => entry(`id${i}`, `P${i}`, {}));
    const storage = memoryStorage({ [SAVED_PLANS_KEY]: JSON.stringify({ version: 1, plans }) });
    const store = createSavedPlansStore(() => storage, clock);
    store.getState().load();
    expect(store.getState().plans).toHaveLength(MAX_SAVED_PLANS);
    expect(store.getState().loadProblems).toHaveLength(5);
    expect(store.getState().save('One more', defaultPlan())).toBeNull();
    expect(store.getState().writeError).toMatch(/holds 200 plans/);
    store.getState().remove('id0');
    const stored = JSON.parse(storage.map.get(SAVED_PLANS_KEY) ?? '').plans;
    expect(stored.map((p: { id: string }) => p.id)).toEqual(plans.slice(1).map((p) => p.id));
  });
});
