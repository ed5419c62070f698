/**
 * The DynamoDB files and loadtest.js: snapshots for the DynamoDB fixtures, the CloudFormation
 * template's structure (parsed with the `yaml` library), the same tables in all three formats,
 * hostile names never reaching a file, and the real linters where installed: cfn-lint on the
 * template, `terraform fmt -check` on the Terraform file (offline: `terraform validate` needs the
 * AWS provider download), and the k6 script imported by Node with stub k6 modules.
 */
import { analyzePlan } from '../engine/analysis/analyze-plan';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { fixture, FIXTURE_NAMES } from '../plan/fixtures';
import { planSchema, type Plan } from '../plan/schema';
import { buildDynamoTables, type CreateTableInputJson } from './builders/dynamodb';
import { buildBundle, DYNAMODB_CFN, DYNAMODB_TF } from './bundle';

import { dynamoUnits } from './testing/dynamo-units';
import { UnsafeValueError } from './safe';
import { DYNAMO_FIXTURES, sampleDynamoPlans } from '../engine/testing/dynamo-arb';
import { mapLimit, run, which } from './testing/tools';
import type { BundleFile } from './types';

const GENERATED_AT = new Date('2026-03-01T12:00:00Z');
const OPTS = { generatedAt: GENERATED_AT, planUrl: 'https://headroom.example/#plan=v1.abc' };
const filesFor = (plan: Plan): BundleFile[] => buildBundle(analyzePlan(plan), OPTS);
const text = (files: BundleFile[], path: string) => {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path}`);
  return f.text;
};

const ALL_PLANS: [string, Plan][] = [
  ...FIXTURE_NAMES.map((n) => [n, fixture(n)] as [string, Plan]),
  ...Object.entries(DYNAMO_FIXTURES),
  ...sampleDynamoPlans(20, 20260303).map((p, i) => [`random #${i}`, p] as [string, Plan]),
];

describe('snapshots of the DynamoDB fixtures', () => {
  for (const [name, plan] of Object.entries(DYNAMO_FIXTURES)) {
    describe(name, () => {
      const files = filesFor(plan).filter((f) => ['yaml', 'hcl', 'json'].includes(f.format));
      it.each(files.map((f) => [f.path, f.text] as const))('%s', (_p, t) => expect(t).toMatchSnapshot());
    });
  }
});

type Cfn = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

describe('CloudFormation template structure', () => {
  it.each(ALL_PLANS)('%s: tables, GSIs, capacity and auto scaling match the create-table JSON', (_name, plan) => {
    const files = filesFor(plan);
    const doc = parseYaml(text(files, DYNAMODB_CFN)) as Cfn & { AWSTemplateFormatVersion: string };
    expect(doc.AWSTemplateFormatVersion).toBe('2010-09-09');
    const res = doc.Resources;
    const inputs = files.filter((f) => f.format === 'json').map((f) => JSON.parse(f.text) as CreateTableInputJson);
    const tables = Object.entries(res).filter(([, r]) => r.Type === 'AWS::DynamoDB::Table');
    expect(tables.map(([, r]) => r.Properties.TableName)).toEqual(plan.dynamodb.tables.map((t) => t.name));
    for (const [id, t] of tables) {
      const input = inputs.find((i) => i.TableName === t.Properties.TableName) as CreateTableInputJson;
      const p = t.Properties as unknown as CreateTableInputJson;
      expect(p.BillingMode).toBe(input.BillingMode);
      expect(p.KeySchema).toEqual(input.KeySchema);
      expect(p.AttributeDefinitions).toEqual(input.AttributeDefinitions);
      expect(p.ProvisionedThroughput).toEqual(input.ProvisionedThroughput);
      expect(p.GlobalSecondaryIndexes ?? []).toEqual(input.GlobalSecondaryIndexes ?? []);
      // Every key attribute is defined, every definition is a key (DynamoDB refuses both mistakes).
      const keys = new Set([...p.KeySchema, ...(p.GlobalSecondaryIndexes ?? []).flatMap((g) => g.KeySchema)].map((k) => k.AttributeName));
      expect(new Set(p.AttributeDefinitions.map((a) => a.AttributeName))).toEqual(keys);

      const targets = Object.entries(res).filter(
        ([, r]) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget' && (r.Properties.ResourceId as { 'Fn::Sub': string })['Fn::Sub'].startsWith(`table/\${${id}}`),
      );
      const gsiCount = p.GlobalSecondaryIndexes?.length ?? 0;
      expect(targets).toHaveLength(p.BillingMode === 'PROVISIONED' ? 2 * (1 + gsiCount) : 0);
      for (const [targetId, target] of targets) {
        const tp = target.Properties as { MinCapacity: number; MaxCapacity: number; ScalableDimension: string; ServiceNamespace: string; ResourceId: { 'Fn::Sub': string } };
        expect(tp.ServiceNamespace).toBe('dynamodb');
        expect(tp.MinCapacity).toBeGreaterThanOrEqual(1);
        expect(tp.MaxCapacity).toBeGreaterThanOrEqual(tp.MinCapacity);
        const onIndex = tp.ResourceId['Fn::Sub'].includes('/index/');
        expect(tp.ScalableDimension).toMatch(onIndex ? /^dynamodb:index:(Read|Write)CapacityUnits$/ : /^dynamodb:table:(Read|Write)CapacityUnits$/);
        if (onIndex) expect(p.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toContain(tp.ResourceId['Fn::Sub'].split('/index/')[1]);
        const policies = Object.values(res).filter((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalingPolicy' && (r.Properties.ScalingTargetId as { Ref: string }).Ref === targetId);
        expect(policies).toHaveLength(1);
        const pp = policies[0]?.Properties as { PolicyType: string; PolicyName: string; TargetTrackingScalingPolicyConfiguration: { TargetValue: number; PredefinedMetricSpecification: { PredefinedMetricType: string } } };
        expect(pp.PolicyType).toBe('TargetTrackingScaling');
        expect(pp.PolicyName.length).toBeLessThanOrEqual(256);
        const cfg = pp.TargetTrackingScalingPolicyConfiguration;
        expect(cfg.TargetValue).toBeGreaterThanOrEqual(20);
        expect(cfg.TargetValue).toBeLessThanOrEqual(90);
        expect(cfg.PredefinedMetricSpecification.PredefinedMetricType).toBe(
          tp.ScalableDimension.endsWith('ReadCapacityUnits') ? 'DynamoDBReadCapacityUtilization' : 'DynamoDBWriteCapacityUtilization',
        );
      }
    }
  });

  it('takes min / max / targets from the plan and starts at the engine peak units', () => {
    const plan = planSchema.parse({ dynamodb: { tables: [{ name: 'users', autoscaling: { minRcu: 7, maxRcu: 900, minWcu: 3, maxWcu: 300, readTargetPct: 65, writeTargetPct: 45 } }] } });
    const doc = parseYaml(text(filesFor(plan), DYNAMODB_CFN)) as Cfn;
    const r = dynamoUnits(plan).tables[0]!;
    expect(doc.Resources.Table1Users?.Properties.ProvisionedThroughput).toEqual({ ReadCapacityUnits: r.provisionedPeakRcu.value, WriteCapacityUnits: r.provisionedPeakWcu.value });
    expect(doc.Resources.Table1UsersReadScalableTarget?.Properties).toMatchObject({ MinCapacity: 7, MaxCapacity: 900 });
    expect(doc.Resources.Table1UsersWriteScalableTarget?.Properties).toMatchObject({ MinCapacity: 3, MaxCapacity: 300 });
    expect(doc.Resources.Table1UsersReadScalingPolicy?.Properties).toMatchObject({ TargetTrackingScalingPolicyConfiguration: { TargetValue: 65 } });
    expect(doc.Resources.Table1UsersWriteScalingPolicy?.Properties).toMatchObject({ TargetTrackingScalingPolicyConfiguration: { TargetValue: 45 } });
  });

  it('keeps names YAML would misread as strings (true, null, 1e3)', () => {
    const doc = parseYaml(text(filesFor(DYNAMO_FIXTURES.awkwardNames as Plan), DYNAMODB_CFN)) as Cfn;
    const names = Object.values(doc.Resources).filter((r) => r.Type === 'AWS::DynamoDB::Table').map((r) => r.Properties.TableName);
    expect(names).toEqual(['true', 'null']);
  });
});

describe('Terraform file', () => {
  it('has one table resource per table, with autoscaling targets and policies for provisioned ones', () => {
    const tf = text(filesFor(DYNAMO_FIXTURES.provisionedWithGsis as Plan), DYNAMODB_TF);
    expect(tf.match(/^resource "aws_dynamodb_table"/gm)).toHaveLength(2);
    // sessions: table + 1 GSI, read and write each.
    expect(tf.match(/^resource "aws_appautoscaling_target"/gm)).toHaveLength(4);
    expect(tf.match(/^resource "aws_appautoscaling_policy"/gm)).toHaveLength(4);
    expect(tf).toMatch(/billing_mode += "PAY_PER_REQUEST"/);
    expect(tf).toContain('predefined_metric_type = "DynamoDBWriteCapacityUtilization"');
    expect(tf).toContain('resource_id        = "table/${aws_dynamodb_table.t1_sessions.name}/index/byUser"');
  });
});

describe('hostile table and index names never reach a file', () => {
  const HOSTILE = ['a\nb', 'x"; drop', 'tbl${x}', 'name with space', "it's", 'a#b', 'émoji', 'a\\b', 'tab\tle', 'brace{}'];
  it.each(HOSTILE)('%j', (bad) => {
    // Bypass the schema (which refuses these) to prove the export's own guard.
    const base = planSchema.parse({ dynamodb: { tables: [{ name: 'good-table', gsis: [{ name: 'good-index' }] }] } });
    const t = base.dynamodb.tables[0]!;
    for (const plan of [
      { ...base, dynamodb: { ...base.dynamodb, tables: [{ ...t, name: bad }] } },
      { ...base, dynamodb: { ...base.dynamodb, tables: [{ ...t, gsis: [{ ...t.gsis[0]!, name: bad }] }] } },
    ]) {
      const units = { ...dynamoUnits(base), tables: dynamoUnits(base).tables.map((r) => ({ ...r, name: plan.dynamodb.tables[0]!.name })) };
      expect(() => buildDynamoTables(plan.dynamodb, units)).toThrow(UnsafeValueError);
      expect(() => buildBundle(analyzePlan(plan), OPTS)).toThrow(UnsafeValueError);
    }
  });
});

describe('loadtest.js (k6)', () => {
  it('holds the planned rate in two scenarios (static + dynamic) with constant-arrival-rate and the SLO as threshold', async () => {
    const plan = planSchema.parse({ workload: { sloPercentile: 'p99', sloMs: 180, staticShare: 0.65, arrivalRps: 860 } });
    const js = text(buildBundle(analyzePlan(plan), OPTS), 'loadtest.js');
    expect(js).toContain("executor: 'constant-arrival-rate'");
    // 65 % of 860 static: 559 + 301 = 860 (issue 12 item 4: not 860 dynamic requests).
    expect(js).toContain('const RATES = {"fleet":{"total":860,"static":559,"dynamic":301},"server":{"total":860,"static":559,"dynamic":301}};');
    expect(js).toContain('http_req_duration: ["p(99)<180"]');
  });
  // Import the script in Node with stub `k6` and `k6/http` modules: it must parse, export the
  // options, and its default function must request the target URL.
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-k6-'));
    await mkdir(join(dir, 'node_modules', 'k6'), { recursive: true });
    await writeFile(join(dir, 'node_modules', 'k6', 'package.json'), JSON.stringify({ name: 'k6', type: 'module', exports: { '.': './index.js', './http': './http.js' } }));
    await writeFile(join(dir, 'node_modules', 'k6', 'index.js'), 'export const check = (r, checks) => Object.values(checks).every((f) => f(r));\n');
    await writeFile(join(dir, 'node_modules', 'k6', 'http.js'), 'export default { get(url) { globalThis.__k6Requests.push(url); return { status: 200 }; } };\n');
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(ALL_PLANS.slice(0, 10))('%s: runs in a stub k6', async (name, plan) => {
    const js = text(filesFor(plan), 'loadtest.js');
    const file = join(dir, `${name.replace(/[^A-Za-z0-9]/g, '_')}.mjs`);
    await writeFile(file, js.replace(/__ENV\./g, 'globalThis.__ENV.'));
    const g = globalThis as unknown as { __ENV: Record<string, string>; __k6Requests: string[] };
    g.__ENV = {};
    g.__k6Requests = [];
    type Scenario = { rate: number; executor: string; exec: string };
    const mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { options: { scenarios: Record<string, Scenario> } } & Record<string, () => void>;
    const scenarios = Object.values(mod.options.scenarios);
    expect(scenarios.every((sc) => sc.executor === 'constant-arrival-rate' && sc.rate >= 1)).toBe(true);
    // The scenarios' rates add up to the planned rate at the front door.
    const a = analyzePlan(plan);
    expect(scenarios.reduce((sum, sc) => sum + sc.rate, 0)).toBe(Math.max(1, Math.round(a.rates.targetRps)));
    for (const sc of scenarios) mod[sc.exec]?.();
    expect(g.__k6Requests).toHaveLength(scenarios.length);
    expect(g.__k6Requests.every((u) => /^https?:\/\//.test(u))).toBe(true);
  });
});

// Real linters: present on developer machines with them installed; not installed by .ci/run.
const CFN_LINT = which('cfn-lint');
const TERRAFORM = which('terraform');

describe.skipIf(!CFN_LINT && !TERRAFORM)('real linters (cfn-lint, terraform fmt)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-ddb-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!CFN_LINT)('cfn-lint accepts every CloudFormation template', { timeout: 240_000 }, async () => {
    const paths = await mapLimit(ALL_PLANS, 4, async ([, plan], i) => {
      const p = join(dir, `cfn-${i}.yaml`);
      await writeFile(p, text(filesFor(plan), DYNAMODB_CFN));
      return p;
    });
    const r = await run('cfn-lint', ['--', ...paths], { timeoutMs: 230_000 });
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });

  it.skipIf(!TERRAFORM)('terraform fmt -check accepts every Terraform file as formatted', { timeout: 120_000 }, async () => {
    const tfDir = join(dir, 'tf');
    await mkdir(tfDir, { recursive: true });
    await Promise.all(ALL_PLANS.map(([, plan], i) => writeFile(join(tfDir, `plan${i}.tf`), text(filesFor(plan), DYNAMODB_TF))));
    const r = await run('terraform', ['fmt', '-check', '-diff', tfDir], { timeoutMs: 110_000 });
    expect(r.output.replace(/There are some problems with the CLI configuration:[\s\S]*?╵\n?/, '').trim()).toBe('');
    expect(r.ok).toBe(true);
  });
});
