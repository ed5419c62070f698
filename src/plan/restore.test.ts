/**
 * restorePlan and the rules that read several fields (share sums): a plan whose shares do not add
 * up loses only that rule's fields to their defaults, never its other tables or fields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restorePlan } from './restore';
import { defaultDynamoTable } from './dynamodb-schema';
import { dynamoPlanArb } from './testing/plan-arb';

const orders = { name: 'orders', readsPerSec: 500, writesPerSec: 50, eventualShare: 0.6, strongShare: 0.4, transactionalShare: 0, getShare: 0.5, batchGetShare: 0, queryShare: 0.5, scanShare: 0 };
const def = defaultDynamoTable();

describe('restorePlan: a share-sum rule resets only its own fields', () => {
  it('keeps both tables when one table\'s consistency shares add up to 90%', () => {
    const sessions = { name: 'sessions', readsPerSec: 80, eventualShare: 0.5, strongShare: 0.4, transactionalShare: 0 };
    const r = restorePlan({ dynamodb: { lambdaAccountConcurrency: 3000, tables: [orders, sessions] } });
    if (!r.ok) throw new Error('not restored');
    const [a, b] = r.plan.dynamodb.tables;
    expect(r.plan.dynamodb.lambdaAccountConcurrency).toBe(3000);
    expect(r.plan.dynamodb.tables).toHaveLength(2);
    expect(a).toMatchObject(orders);
    expect(b).toMatchObject({ name: 'sessions', readsPerSec: 80 });
    expect([b!.eventualShare, b!.strongShare, b!.transactionalShare]).toEqual([def.eventualShare, def.strongShare, def.transactionalShare]);
    const fields = r.problems.map((p) => p.field);
    expect(fields).toEqual(['dynamodb.tables.1.eventualShare', 'dynamodb.tables.1.strongShare', 'dynamodb.tables.1.transactionalShare']);
    for (const p of r.problems) expect(p.message).toMatch(/Eventual \+ strong \+ transactional shares must add up to 100% \(now 90%\).*reset to the default/);
    expect(r.problems.some((p) => p.field === 'dynamodb')).toBe(false);
  });

  it('resets the operation mix alone, keeping the consistency mix the input held', () => {
    const r = restorePlan({ dynamodb: { tables: [{ ...orders, getShare: 0.2, queryShare: 0.2 }] } });
    if (!r.ok) throw new Error('not restored');
    const [t] = r.plan.dynamodb.tables;
    expect(t).toMatchObject({ name: 'orders', eventualShare: 0.6, strongShare: 0.4, getShare: def.getShare, queryShare: def.queryShare });
    expect(r.problems.map((p) => p.field)).toEqual(['getShare', 'batchGetShare', 'queryShare', 'scanShare'].map((f) => `dynamodb.tables.0.${f}`));
    expect(r.problems[0]!.message).toMatch(/GetItem \+ BatchGetItem \+ Query \+ Scan shares must add up to 100% \(now 40%\)/);
  });

  it('resets only the size mix whose shares do not add up', () => {
    const write = [{ bytes: 500, share: 1 }];
    const r = restorePlan({ dynamodb: { tables: [orders, { name: 'carts', itemSizeMix: { get: [{ bytes: 100, share: 0.5 }], write } }] } });
    if (!r.ok) throw new Error('not restored');
    expect(r.plan.dynamodb.tables.map((t) => t.name)).toEqual(['orders', 'carts']);
    expect(r.plan.dynamodb.tables[1]!.itemSizeMix).toMatchObject({ get: [], write });
    expect(r.problems.map((p) => p.field)).toEqual(['dynamodb.tables.1.itemSizeMix.get']);
    expect(r.problems[0]!.message).toMatch(/get size mix shares must add up to 100% \(now 50%\)/);
  });

  it('resets each index query share when they add up to more than 100%, keeping the indexes', () => {
    const gsis = [{ name: 'byUser', queryShare: 0.7 }, { name: 'byDay', queryShare: 0.6 }];
    const r = restorePlan({ dynamodb: { tables: [{ ...orders, gsis }] } });
    if (!r.ok) throw new Error('not restored');
    expect(r.plan.dynamodb.tables[0]!.gsis.map((g) => [g.name, g.queryShare])).toEqual([['byUser', 0], ['byDay', 0]]);
    expect(r.problems.map((p) => p.field)).toEqual(['dynamodb.tables.0.gsis.0.queryShare', 'dynamodb.tables.0.gsis.1.queryShare']);
  });

  it('resets a threads-below-cores pair, not the whole hardware section', () => {
    const r = restorePlan({ hardware: { physicalCores: 16, ramGiB: 64 } });
    if (!r.ok) throw new Error('not restored');
    expect(r.plan.hardware.ramGiB).toBe(64);
    expect(r.problems.some((p) => p.field === 'hardware')).toBe(false);
    expect(r.problems.map((p) => p.field)).toContain('hardware.physicalCores');
  });
});

const CONSISTENCY = ['eventualShare', 'strongShare', 'transactionalShare'] as const;

describe('restorePlan: one table\'s shares perturbed (property)', () => {
  it('resets that table\'s consistency shares and keeps every other table and field', () => {
    const arb = dynamoPlanArb.chain((plan) => fc.tuple(fc.constant(plan), fc.nat({ max: plan.dynamodb.tables.length - 1 })));
    fc.assert(
      fc.property(arb, ([plan, k]) => {
        const input = structuredClone(plan);
        const t = input.dynamodb.tables[k]!;
        // ±10 points on the eventual share, staying in 0–100%: the sum is then 90% or 110%.
        t.eventualShare = t.eventualShare <= 0.9 ? t.eventualShare + 0.1 : t.eventualShare - 0.1;
        const r = restorePlan(input);
        if (!r.ok) return false;
        const expected = structuredClone(plan);
        for (const f of CONSISTENCY) expected.dynamodb.tables[k]![f] = def[f];
        expect(r.plan).toEqual(expected);
        expect(r.problems.length).toBeGreaterThan(0);
        for (const p of r.problems) expect(p.field).toMatch(new RegExp(`^dynamodb\\.tables\\.${k}\\.(${CONSISTENCY.join('|')})$`));
        return true;
      }),
      { numRuns: 60, seed: 20261201 },
    );
  });
});

describe('restorePlan: a duplicate kind name is renamed, not dropped', () => {
  const kind = (name: string, servers: number) => ({ name, servers, physicalCores: 4, hardwareThreads: 8, ramGiB: 32 });

  it('keeps every kind and the rest of the fleet, each duplicate taking the next free name', () => {
    // Before: the default name of the second duplicate collided again, and the fleet section (every
    // kind, the server count, the weights) was reset.
    const r = restorePlan({ fleet: { servers: 3, otherKinds: [kind('web', 1), kind('web', 2), kind('WEB', 3), kind('main', 4)] } });
    if (!r.ok) throw new Error('refused');
    expect(r.plan.fleet.servers).toBe(3);
    expect(r.plan.fleet.otherKinds.map((k) => [k.name, k.servers])).toEqual([
      ['web', 1],
      ['web-2', 2],
      ['WEB-3', 3],
      ['main-2', 4],
    ]);
    expect(r.problems.map((p) => p.field)).toEqual(['fleet.otherKinds.1.name', 'fleet.otherKinds.2.name', 'fleet.otherKinds.3.name']);
    expect(r.problems[0]!.message).toMatch(/must be unique .*; renamed to "web-2"$/);
  });

  it('does not take a name a later kind holds', () => {
    const r = restorePlan({ fleet: { otherKinds: [kind('web', 1), kind('web', 2), kind('web-2', 3)] } });
    if (!r.ok) throw new Error('refused');
    expect(r.plan.fleet.otherKinds.map((k) => k.name)).toEqual(['web', 'web-3', 'web-2']);
  });

  it('renames kinds whose names were missing or dropped as invalid (their defaults repeat)', () => {
    const { name: _, ...nameless } = kind('x', 1);
    const r = restorePlan({ fleet: { servers: 3, otherKinds: [{ ...nameless, servers: 1 }, { ...nameless, servers: 2 }, kind('b'.repeat(40), 3), kind('other', 4)] } });
    if (!r.ok) throw new Error('refused');
    expect(r.plan.fleet.servers).toBe(3);
    expect(r.plan.fleet.otherKinds.map((k) => [k.name, k.servers])).toEqual([
      ['other', 1],
      ['other-2', 2],
      // The 40-character name is dropped in the first round and repeats in the second, after the
      // fourth kind took other-3.
      ['other-4', 3],
      ['other-3', 4],
    ]);
    expect(r.problems.some((p) => p.field === 'fleet')).toBe(false);
    expect(r.problems.map((p) => p.field)).toContain('fleet.otherKinds.2.name');
  });

  it('cuts the stem so the new name stays within 32 characters', () => {
    const long = 'a'.repeat(32);
    const r = restorePlan({ fleet: { otherKinds: [kind(long, 1), kind(long, 2)] } });
    if (!r.ok) throw new Error('refused');
    expect(r.plan.fleet.otherKinds.map((k) => k.name)).toEqual([long, `${'a'.repeat(30)}-2`]);
  });
});
