/**
 * Units and cost are two halves (issue 10): sizeDynamoUnits needs no prices, priceDynamo adds them,
 * and sizeDynamo is exactly their composition.
 */
import { describe, expect, it } from 'vitest';
import { DYNAMO_FIXTURES, sampleDynamoPlans } from '../testing/dynamo-arb';
import { buildContext } from '../context';
import { SHIPPED_PRICES } from './fixtures';
import { priceDynamo, sizeDynamo, sizeDynamoUnits } from './size-dynamo';

const COST_KEYS = ['provisionedMonthlyUsd', 'onDemandMonthlyUsd', 'storageMonthlyUsd', 'chosenCapacityMonthlyUsd', 'cheaperMode', 'breakEvenReadUtilisation', 'breakEvenWriteUtilisation'];
const plans = [...Object.values(DYNAMO_FIXTURES), ...sampleDynamoPlans(30, 7)];

describe('units without prices', () => {
  it('hold no cost field', () => {
    for (const plan of plans) {
      for (const t of sizeDynamoUnits(plan.dynamodb, buildContext(plan).dynamicRps).tables) {
        for (const k of COST_KEYS) expect(Object.keys(t), k).not.toContain(k);
      }
    }
  });
  it('equal the units inside sizeDynamo, and the findings are the same set', () => {
    for (const plan of plans) {
      const rps = buildContext(plan).dynamicRps;
      const units = sizeDynamoUnits(plan.dynamodb, rps);
      const full = sizeDynamo(plan.dynamodb, rps, SHIPPED_PRICES);
      units.tables.forEach((u, i) => {
        const t = full.tables[i];
        for (const [k, v] of Object.entries(u)) expect(t?.[k as keyof typeof t], `${u.name}.${k}`).toEqual(v);
      });
      const priced = priceDynamo(units, SHIPPED_PRICES);
      if ('problem' in priced) throw new Error(priced.problem);
      expect(full.findings.map((f) => f.id).sort()).toEqual([...units.findings, ...priced.findings].map((f) => f.id).sort());
      expect(full.totals).toEqual(priced.totals);
    }
  });
});

describe('cost from units and prices', () => {
  it('a region the file lacks is a problem, not a $0 bill', () => {
    const units = sizeDynamoUnits(DYNAMO_FIXTURES.onDemandWithGsis!.dynamodb, 0);
    const r = priceDynamo(units, { ...SHIPPED_PRICES, regions: {} });
    expect('problem' in r && r.problem).toMatch(/No DynamoDB prices for region us-east-1/);
  });
  it('one cost entry per table, named like the units', () => {
    const units = sizeDynamoUnits(DYNAMO_FIXTURES.provisionedWithGsis!.dynamodb, 0);
    const r = priceDynamo(units, SHIPPED_PRICES);
    if ('problem' in r) throw new Error(r.problem);
    expect(r.tables.map((t) => t.name)).toEqual(units.tables.map((t) => t.name));
    expect(r.totals.monthlyUsd.value).toBeGreaterThan(0);
  });
});
