/** Saved-plans storage: every read is parsed; garbage is reported and skipped, never thrown. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../plan/fixtures';
import { defaultPlan, planSchema } from '../plan/schema';
import { copyName, parseSavedPlans, planOfEntry, readSavedPlans, SAVED_PLANS_KEY, serializeSavedPlans, writeSavedPlans, type SavedPlan } from './saved-plans';

const entry = (id: string, name: string, plan: unknown = fixture('phpShop')) => ({ id, name, savedAt: '2026-01-02T03:04:05.000Z', plan });

function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), map: m };
}

describe('parseSavedPlans', () => {
  it('nothing stored: no plans, no problems', () => {
    expect(parseSavedPlans(null)).toEqual({ plans: [], problems: [], kept: [], unreadable: null });
  });

  it('round-trips a list', () => {
    const plans = [entry('a', 'Shop'), entry('b', 'Big', fixture('large'))] as SavedPlan[];
    const r = parseSavedPlans(serializeSavedPlans(plans));
    expect(r.problems).toEqual([]);
    expect(r.plans).toEqual(plans);
  });

  it.each([
    ['not JSON', '{oops', /not valid JSON/],
    ['JSON of another shape', '{"foo":1}', /format this build reads/],
    ['an array', '[1,2,3]', /format this build reads/],
    ['a future version', '{"version":2,"plans":[]}', /format this build reads/],
  ])('%s: reported, nothing loaded', (_n, text, message) => {
    const r = parseSavedPlans(text);
    expect(r.plans).toEqual([]);
    expect(r.problems[0]?.message).toMatch(message);
  });

  it('skips bad entries and keeps good ones; bad fields fall back to defaults, named', () => {
    const text = JSON.stringify({
      version: 1,
      plans: [
        entry('a', 'Good'),
        42,
        { id: 'x' },
        entry('b', 'Future', { version: 99 }),
        entry('c', 'Partly bad', { workload: { cpuMs: -1, sloMs: 300 } }),
        entry('a', 'Duplicate id'),
        JSON.parse('{"id":"p","name":"Proto","savedAt":"x","plan":{"__proto__":{"polluted":true}}}'),
      ],
    });
    const r = parseSavedPlans(text);
    expect(r.plans.map((p) => p.name)).toEqual(['Good', 'Partly bad', 'Proto']);
    expect(r.plans[1]?.plan.workload.sloMs).toBe(300);
    expect(r.plans[1]?.plan.workload.cpuMs).toBe(defaultPlan().workload.cpuMs);
    const text2 = r.problems.map((p) => `${p.field}: ${p.message}`).join('\n');
    expect(text2).toMatch(/saved plan #2: not a saved plan/);
    expect(text2).toMatch(/saved plan #3: not a saved plan/);
    expect(text2).toMatch(/"Future": unreadable plan \(version: unsupported/);
    expect(text2).toMatch(/"Partly bad" workload.cpuMs: must be at least 0.1/);
    expect(text2).toMatch(/"Duplicate id": duplicate/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('property: 2,000 garbage values in storage never throw and only valid plans come out', () => {
    const garbage = fc.oneof(
      fc.string(),
      fc.json(),
      fc.anything().map((x) => {
        try {
          return JSON.stringify({ version: 1, plans: [x, entry('ok', 'ok')] }) ?? '';
        } catch {
          return '';
        }
      }),
    );
    fc.assert(
      fc.property(garbage, (text) => {
        const r = parseSavedPlans(text);
        for (const p of r.plans) expect(planSchema.safeParse(p.plan).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('storage access', () => {
  it('reads and writes through the key', () => {
    const s = memoryStorage();
    expect(writeSavedPlans(s, [entry('a', 'A') as SavedPlan])).toEqual({ error: null, movedTo: null });
    expect(s.map.has(SAVED_PLANS_KEY)).toBe(true);
    expect(readSavedPlans(s).plans.map((p) => p.name)).toEqual(['A']);
  });

  it('a throwing storage (quota, disabled) gives a message, not an exception', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readSavedPlans(broken).problems[0]?.message).toMatch(/could not be read/);
    expect(writeSavedPlans(broken, []).error).toMatch(/QuotaExceeded/);
    expect(readSavedPlans(null).problems).toHaveLength(1);
  });
});

describe('copyName', () => {
  it('numbers copies and avoids taken names', () => {
    expect(copyName('Shop', new Set())).toBe('Shop (copy)');
    expect(copyName('Shop', new Set(['Shop (copy)']))).toBe('Shop (copy 2)');
    expect(copyName('Shop (copy)', new Set(['Shop (copy)']))).toBe('Shop (copy 2)');
  });
});

describe('planOfEntry (one plan name, issue 15)', () => {
  const plan = planSchema.parse({ name: 'Shop' });
  const named = (name: string): SavedPlan => ({ id: 'x', name, savedAt: '2026-12-01T00:00:00.000Z', plan });
  it('opens under the name the list shows, also after a rename in the list', () => {
    expect(planOfEntry(named('Shop')).name).toBe('Shop');
    expect(planOfEntry(named('Shop 2026 (copy)')).name).toBe('Shop 2026 (copy)');
    // Only the name changes.
    expect({ ...planOfEntry(named('Shop 2026')), name: 'Shop' }).toEqual(plan);
  });
  it('a list name the plan schema refuses (older entries took any text) keeps the plan\'s own name', () => {
    expect(planOfEntry(named('Shop #1 <b>')).name).toBe('Shop');
    expect(planOfEntry(named('   ')).name).toBe('Shop');
  });
});
