/**
 * The DynamoDB files agree with their own numbers (issue 12 items 2 and 3): each GSI is written
 * with the projection it was sized with; start capacities lie within their scalable targets'
 * bounds; the table's and its GSIs' maxima fit the per-table quota the files claim, and a plan
 * that needs more says so with the Service Quotas step; Terraform leaves autoscaled GSI capacity
 * alone. Each test fails on the files written before these fixes.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { analyzePlan } from '../engine/analysis/analyze-plan';
import { SHIPPED_PRICES } from '../engine/dynamodb/fixtures';
import { sizeDynamo } from '../engine/dynamodb/size-dynamo';
import { buildContext } from '../engine/context';
import { planSchema, type Plan } from '../plan/schema';
import { buildDynamoTables, createTableInput, TABLE_QUOTA } from './builders/dynamodb';
import { buildBundle, DYNAMODB_CFN, DYNAMODB_TF } from './bundle';
import { dynamoUnits } from './testing/dynamo-units';
import { DYNAMO_FIXTURES, sampleDynamoPlans } from '../engine/testing/dynamo-arb';

const PLANS: [string, Plan][] = [...Object.entries(DYNAMO_FIXTURES), ...sampleDynamoPlans(40, 20260412).map((p, i) => [`random #${i}`, p] as [string, Plan])];
const files = (plan: Plan) => buildBundle(analyzePlan(plan), { generatedAt: new Date('2026-03-01T12:00:00Z') });
const text = (plan: Plan, path: string) => files(plan).find((f) => f.path === path)?.text ?? '';

describe('GSI projection: the one written is the one sized', () => {
  it.each(PLANS)('%s', (_name, plan) => {
    const units = dynamoUnits(plan);
    const defs = buildDynamoTables(plan.dynamodb, units);
    plan.dynamodb.tables.forEach((t, i) => {
      const json = createTableInput(defs[i]!);
      t.gsis.forEach((g, k) => {
        const written = json.GlobalSecondaryIndexes?.[k]?.Projection;
        expect(written?.ProjectionType).toBe(g.projection);
        expect(units.tables[i]?.gsis[k]?.projection).toBe(g.projection);
        if (g.projection === 'INCLUDE') expect(written?.NonKeyAttributes).toHaveLength(g.includedAttributes);
        else expect(written?.NonKeyAttributes).toBeUndefined();
        // ALL is sized from the item written (the write size mix's mean when the plan gives one); the others from the entered entry.
        const writeMix = t.itemSizeMix.write;
        const writtenBytes = writeMix.length > 0 ? writeMix.reduce((n, x) => n + x.share * x.bytes, 0) : t.writeItemSizeBytes;
        expect(units.tables[i]?.gsis[k]?.entryBytes.value).toBeCloseTo(g.projection === 'ALL' ? writtenBytes : g.projectedEntryBytes, 6);
      });
    });
  });

  it('ALL with a 6.5 KB item costs 7 WCU per index write, not the entry’s 1', () => {
    const plan = DYNAMO_FIXTURES.projections!;
    const t = dynamoUnits(plan).tables[0]!;
    const byName = Object.fromEntries(t.gsis.map((g) => [g.name, g]));
    // writeShare 1 + keyChangeShare 0.1 index writes per table write, × ceil(6656 / 1024) = 7.
    expect(byName.everything?.wcuPerWrite.value).toBeCloseTo(1.1 * 7, 10);
    expect(byName.keys?.wcuPerWrite.value).toBeCloseTo(1.1 * 1, 10);
    expect(byName.summary?.wcuPerWrite.value).toBeCloseTo(1.1 * 1, 10);
    // Storage of ALL is the table's (every item, whole), of the others their entry share.
    expect(byName.everything?.storageGB.value).toBeCloseTo(10, 10);
    const cfn = parseYaml(text(plan, DYNAMODB_CFN)) as { Resources: Record<string, { Type: string; Properties: { GlobalSecondaryIndexes?: { IndexName: string; Projection: unknown }[] } }> };
    const table = Object.values(cfn.Resources).find((r) => r.Type === 'AWS::DynamoDB::Table');
    expect(table?.Properties.GlobalSecondaryIndexes?.map((g) => g.Projection)).toEqual([
      { ProjectionType: 'ALL' },
      { ProjectionType: 'KEYS_ONLY' },
      { ProjectionType: 'INCLUDE', NonKeyAttributes: ['gsi3attr1', 'gsi3attr2', 'gsi3attr3'] },
    ]);
    expect(text(plan, DYNAMODB_TF)).toMatch(/projection_type\s*=\s*"INCLUDE"\s*\n\s*non_key_attributes\s*=\s*\["gsi3attr1", "gsi3attr2", "gsi3attr3"\]/);
  });
});

describe('capacity within its own bounds and quota', () => {
  it.each(PLANS)('%s: start ≥ min, start ≤ max, Σ max ≤ claimed quota ≥ Σ start', (_name, plan) => {
    for (const t of dynamoUnits(plan).tables) {
      const ct = t.capacityTargets;
      if (t.capacityMode === 'on-demand') {
        expect(ct).toBeNull();
        continue;
      }
      if (!ct) throw new Error('provisioned without targets');
      for (const x of ct.targets) {
        expect(x.startUnits).toBeGreaterThanOrEqual(x.minUnits);
        expect(x.startUnits).toBeLessThanOrEqual(x.maxUnits);
        expect(x.maxUnits).toBeLessThanOrEqual(x.enteredMaxUnits);
      }
      for (const [dim, quota] of [['read', ct.quotaRcu.value], ['write', ct.quotaWcu.value]] as const) {
        const ts = ct.targets.filter((x) => x.dimension === dim);
        expect(ts.reduce((s, x) => s + x.maxUnits, 0)).toBeLessThanOrEqual(quota);
        expect(ts.reduce((s, x) => s + x.startUnits, 0)).toBeLessThanOrEqual(quota);
        expect(quota).toBe(Math.max(TABLE_QUOTA, ts.reduce((s, x) => s + x.startUnits, 0)));
      }
    }
  });

  it('the CloudFormation scalable targets carry the fitted bounds, and the GSI start is within them', () => {
    const plan = DYNAMO_FIXTURES.overQuota!;
    const cfn = parseYaml(text(plan, DYNAMODB_CFN)) as { Resources: Record<string, { Type: string; Properties: Record<string, number | string> }> };
    const targets = Object.values(cfn.Resources).filter((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    const reads = targets.filter((r) => String(r.Properties.ScalableDimension).endsWith('ReadCapacityUnits'));
    const sumMax = reads.reduce((s, r) => s + Number(r.Properties.MaxCapacity), 0);
    const ct = dynamoUnits(plan).tables[0]!.capacityTargets!;
    expect(sumMax).toBeLessThanOrEqual(ct.quotaRcu.value);
    // The GSIs start at the read minimum (5), not the 1 RCU the old quota scaling left them.
    const input = createTableInput(buildDynamoTables(plan.dynamodb, dynamoUnits(plan))[0]!);
    for (const g of input.GlobalSecondaryIndexes ?? []) expect(g.ProvisionedThroughput?.ReadCapacityUnits).toBe(5);
  });

  it('a plan above the default quota gets a finding naming the Service Quotas step and the number', () => {
    const plan = DYNAMO_FIXTURES.overQuota!;
    const r = sizeDynamo(plan.dynamodb, buildContext(plan).dynamicRps, SHIPPED_PRICES);
    const f = r.findings.find((x) => x.id === 'ddb-hot_table-table-quota');
    expect(f?.fix).toMatch(/Service Quotas/);
    const t = r.tables[0]!;
    expect(f?.fix).toMatch(new RegExp(Math.ceil(Math.max(t.tablePeakRcuForQuota.value, t.tablePeakWcuForQuota.value)).toLocaleString('en-US')));
    expect(r.findings.find((x) => x.id === 'ddb-hot_table-max-over-quota')?.fix).toMatch(/Service Quotas/);
    const notes = text(plan, DYNAMODB_CFN);
    expect(notes).toMatch(/Request the increase in Service Quotas/);
  });

  it('maxima that fit are left as entered', () => {
    const plan = DYNAMO_FIXTURES.provisionedWithGsis!;
    const ct = dynamoUnits(plan).tables[0]!.capacityTargets!;
    expect(ct.maxCapped).toEqual({ read: false, write: false });
    for (const x of ct.targets) expect(x.maxUnits).toBe(x.enteredMaxUnits);
  });
});

describe('Terraform and autoscaled GSI capacity', () => {
  it('ignores global_secondary_index drift when GSIs are provisioned, and says why', () => {
    const tf = text(DYNAMO_FIXTURES.provisionedWithGsis!, DYNAMODB_TF);
    expect(tf).toMatch(/ignore_changes\s*=\s*\[read_capacity, write_capacity, global_secondary_index\]/);
    expect(tf).toMatch(/cannot ignore only the capacity inside/);
  });
  it('a provisioned table without GSIs ignores only its own capacity', () => {
    const plan = planSchema.parse({ dynamodb: { tables: [{ name: 'plain', source: 'direct' }] } });
    const tf = text(plan, DYNAMODB_TF);
    expect(tf).toMatch(/ignore_changes\s*=\s*\[read_capacity, write_capacity\]/);
    expect(tf).not.toMatch(/global_secondary_index/);
  });
});
