/**
 * The AWS CLI `create-table --cli-input-json` files are accepted by CreateTable on a
 * DynamoDB-compatible server: dynalite (in-memory, in-process on 127.0.0.1, a free port) through
 * the AWS SDK, for every fixture plan, the DynamoDB fixtures and seeded random valid DynamoDB
 * plans. DescribeTable must then show the names, billing mode and units of the file. A broken
 * input must be refused (negative control: the server really validates).
 */
import { analyzePlan } from '../engine/analysis/analyze-plan';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, FIXTURE_NAMES } from '../plan/fixtures';
import type { Plan } from '../plan/schema';
import { TABLE_QUOTA, type CreateTableInputJson } from './builders/dynamodb';
import { buildBundle } from './bundle';
import { dynamoUnits } from './testing/dynamo-units';
import { DYNAMO_FIXTURES, sampleDynamoPlans } from '../engine/testing/dynamo-arb';

const RANDOM_PLANS = 25;
const SEED = 20260302;
const GENERATED_AT = new Date('2026-03-01T12:00:00Z');

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
let client: DynamoDBClient;

beforeAll(async () => {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'fake', secretAccessKey: 'fake' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function createTableInputs(plan: Plan): CreateTableInputJson[] {
  const files = buildBundle(analyzePlan(plan), { generatedAt: GENERATED_AT });
  return files.filter((f) => f.format === 'json').map((f) => JSON.parse(f.text) as CreateTableInputJson);
}

const provisioned = (t: { ProvisionedThroughput?: { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined }) =>
  t.ProvisionedThroughput ? { r: t.ProvisionedThroughput.ReadCapacityUnits, w: t.ProvisionedThroughput.WriteCapacityUnits } : null;

/** Create, describe and compare, then delete (fixtures reuse table names). */
async function createAndCheck(input: CreateTableInputJson): Promise<void> {
  const created = await client.send(new CreateTableCommand(input as CreateTableCommandInput));
  expect(created.TableDescription?.TableName).toBe(input.TableName);
  const { Table: t } = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
  expect(t?.TableName).toBe(input.TableName);
  expect(t?.KeySchema).toEqual(input.KeySchema);
  // dynalite reports BillingModeSummary for on-demand tables only, as DynamoDB did for tables created before it existed.
  expect(t?.BillingModeSummary?.BillingMode ?? 'PROVISIONED').toBe(input.BillingMode);
  if (input.BillingMode === 'PROVISIONED') expect(provisioned(t ?? {})).toEqual(provisioned(input));
  // dynalite (3.x) accepts a StreamSpecification but does not implement streams, so it neither
  // validates nor returns it: the shape is checked by the SDK's CreateTableCommandInput type and by
  // dynamodb-streams.test.ts.
  const gsis = t?.GlobalSecondaryIndexes ?? [];
  expect(gsis.map((g) => g.IndexName).sort()).toEqual((input.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort());
  for (const want of input.GlobalSecondaryIndexes ?? []) {
    const got = gsis.find((g) => g.IndexName === want.IndexName);
    expect(got?.KeySchema).toEqual(want.KeySchema);
    if (input.BillingMode === 'PROVISIONED') expect(provisioned(got ?? {})).toEqual(provisioned(want));
  }
  await client.send(new DeleteTableCommand({ TableName: input.TableName }));
}

function casesFor(label: string, plan: Plan): [string, CreateTableInputJson][] {
  return createTableInputs(plan).map((input) => [`${label}: ${input.TableName.slice(0, 40)}`, input]);
}

const fixtureCases = [
  ...FIXTURE_NAMES.flatMap((name) => casesFor(name, fixture(name))),
  ...Object.entries(DYNAMO_FIXTURES).flatMap(([name, plan]) => casesFor(name, plan)),
];
const randomCases = sampleDynamoPlans(RANDOM_PLANS, SEED).flatMap((plan, i) => casesFor(`random #${i}`, plan));

describe('dynalite accepts the create-table JSON', () => {
  it('has cases: every fixture, the DynamoDB fixtures and the random plans', () => {
    expect(fixtureCases.length).toBeGreaterThanOrEqual(FIXTURE_NAMES.length + Object.keys(DYNAMO_FIXTURES).length);
    expect(randomCases.length).toBeGreaterThanOrEqual(RANDOM_PLANS);
  });

  it.each(fixtureCases)('%s', async (_label, input) => {
    await createAndCheck(input);
  });

  it.each(randomCases)('%s', async (_label, input) => {
    await createAndCheck(input);
  });

  it('keeps every table plus its GSIs within the per-table quota its files claim, and no start below the minimum', () => {
    for (const [label, plan] of [...Object.entries(DYNAMO_FIXTURES), ...sampleDynamoPlans(RANDOM_PLANS, SEED).map((p, i) => [`random #${i}`, p] as const)]) {
      const units = dynamoUnits(plan);
      for (const input of createTableInputs(plan)) {
        const r = units.tables.find((t) => t.name === input.TableName);
        if (input.BillingMode !== 'PROVISIONED' || !r?.capacityTargets) continue;
        const all = [input, ...(input.GlobalSecondaryIndexes ?? [])];
        const sum = (k: 'ReadCapacityUnits' | 'WriteCapacityUnits') => all.reduce((s, x) => s + (x.ProvisionedThroughput?.[k] ?? 0), 0);
        expect(sum('ReadCapacityUnits'), label).toBeLessThanOrEqual(r.capacityTargets.quotaRcu.value);
        expect(sum('WriteCapacityUnits'), label).toBeLessThanOrEqual(r.capacityTargets.quotaWcu.value);
        expect(Math.min(r.capacityTargets.quotaRcu.value, r.capacityTargets.quotaWcu.value)).toBeGreaterThanOrEqual(TABLE_QUOTA);
        const a = plan.dynamodb.tables.find((t) => t.name === input.TableName)?.autoscaling;
        for (const x of all) {
          expect(x.ProvisionedThroughput?.ReadCapacityUnits ?? 0, label).toBeGreaterThanOrEqual(a?.minRcu ?? Infinity);
          expect(x.ProvisionedThroughput?.WriteCapacityUnits ?? 0, label).toBeGreaterThanOrEqual(a?.minWcu ?? Infinity);
        }
      }
    }
  });
});

describe('negative controls: dynalite refuses broken input', () => {
  const base = createTableInputs(DYNAMO_FIXTURES.provisionedWithGsis as Plan)[0] as CreateTableInputJson;
  const broken: [string, CreateTableInputJson][] = [
    ['zero read capacity', { ...base, TableName: 'broken-zero', ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 1 } }],
    ['a GSI key without an attribute definition', { ...base, TableName: 'broken-attr', AttributeDefinitions: base.AttributeDefinitions.slice(0, 2) }],
    ['PROVISIONED without ProvisionedThroughput', (({ ProvisionedThroughput: _pt, ...rest }) => ({ ...rest, TableName: 'broken-pt' }))(base)],
    ['a table name with a space', { ...base, TableName: 'bad name' }],
  ];
  it.each(broken)('%s', async (_label, input) => {
    await expect(client.send(new CreateTableCommand(input as CreateTableCommandInput))).rejects.toThrow(/validation|must|required|invalid|not/i);
  });
});
