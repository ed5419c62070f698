/**
 * DynamoDB Streams in the exported files (issue 18 item 5): StreamSpecification in the three
 * formats, the event source mapping with the planned settings and an on-failure destination, and
 * the IteratorAge alarm at the engine's threshold. dynalite acceptance is in
 * dynamodb-create-table.test.ts (the `streams` fixture), cfn-lint in dynamodb-files.test.ts.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { analyzePlan } from '../engine/analysis/analyze-plan';
import type { Plan } from '../plan/schema';
import { buildDynamoTables, createTableInput } from './builders/dynamodb';
import { buildBundle, DYNAMODB_CFN, DYNAMODB_TF } from './bundle';
import { dynamoUnits } from './testing/dynamo-units';
import { DYNAMO_FIXTURES } from '../engine/testing/dynamo-arb';

const plan = DYNAMO_FIXTURES.streams as Plan;
const files = buildBundle(analyzePlan(plan), { generatedAt: new Date('2026-03-01T12:00:00Z') });
const text = (path: string) => files.find((f) => f.path === path)?.text ?? '';
type Res = { Type: string; Properties: Record<string, unknown> };
const cfn = parseYaml(text(DYNAMODB_CFN)) as { Parameters: Record<string, { Type: string }>; Resources: Record<string, Res> };
const units = dynamoUnits(plan);

describe('StreamSpecification', () => {
  it('create-table JSON: enabled with the planned view type; a table without a stream has none', () => {
    const defs = buildDynamoTables(plan.dynamodb, units);
    // Type-checked against the AWS SDK's CreateTable input (tsc fails on a wrong shape).
    const sdk: CreateTableCommandInput['StreamSpecification'] = createTableInput(defs[0]!).StreamSpecification;
    expect(sdk?.StreamEnabled).toBe(true);
    expect(createTableInput(defs[0]!).StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(createTableInput(defs[1]!).StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
    const plain = DYNAMO_FIXTURES.provisionedWithGsis as Plan;
    expect(createTableInput(buildDynamoTables(plain.dynamodb, dynamoUnits(plain))[0]!).StreamSpecification).toBeUndefined();
  });
  it('CloudFormation and Terraform carry the same view type', () => {
    expect(cfn.Resources.Table1Orders?.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(text(DYNAMODB_TF)).toMatch(/stream_enabled\s*=\s*true\s*\n\s*stream_view_type\s*=\s*"NEW_AND_OLD_IMAGES"/);
  });
});

describe('event source mapping', () => {
  const esm = cfn.Resources.Table1OrdersStreamConsumer;
  const c = plan.dynamodb.tables[0]!.stream.consumer;
  it('CloudFormation: the planned settings, the table’s stream, the function and destination as parameters', () => {
    expect(esm?.Type).toBe('AWS::Lambda::EventSourceMapping');
    expect(esm?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['Table1Orders', 'StreamArn'] },
      FunctionName: { Ref: 'Table1OrdersConsumerFunction' },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: c.batchSize,
      MaximumBatchingWindowInSeconds: c.batchingWindowS,
      ParallelizationFactor: c.parallelizationFactor,
      MaximumRetryAttempts: c.maximumRetryAttempts,
      MaximumRecordAgeInSeconds: c.maximumRecordAgeS,
      BisectBatchOnFunctionError: c.bisectOnError,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { Ref: 'Table1OrdersOnFailureDestination' } } },
    });
    expect(cfn.Parameters.Table1OrdersConsumerFunction?.Type).toBe('String');
    expect(cfn.Parameters.Table1OrdersOnFailureDestination?.Type).toBe('String');
  });
  it('no destination and no partial-batch responses when the plan says so', () => {
    const p = cfn.Resources.Table2EventsStreamConsumer?.Properties ?? {};
    expect(p.DestinationConfig).toBeUndefined();
    expect(p.FunctionResponseTypes).toBeUndefined();
    expect(cfn.Parameters.Table2EventsOnFailureDestination).toBeUndefined();
  });
  it('Terraform: aws_lambda_event_source_mapping on the table’s stream_arn with an on_failure destination', () => {
    const tf = text(DYNAMODB_TF);
    expect(tf).toMatch(/resource "aws_lambda_event_source_mapping" "t1_orders_stream"/);
    expect(tf).toMatch(/event_source_arn\s*=\s*aws_dynamodb_table\.t1_orders\.stream_arn/);
    expect(tf).toMatch(/parallelization_factor\s*=\s*2/);
    expect(tf).toMatch(/destination_config \{\s*on_failure \{\s*destination_arn = var\.t1_orders_on_failure_destination_arn/);
    expect(tf).toMatch(/variable "t1_orders_consumer_function_name"/);
  });
});

describe('IteratorAge alarm', () => {
  it('at the engine’s threshold, in both formats', () => {
    const ms = units.tables[0]!.stream!.alarmIteratorAgeMs.value;
    const alarm = cfn.Resources.Table1OrdersIteratorAgeAlarm;
    expect(alarm?.Properties).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'IteratorAge', Statistic: 'Maximum', Threshold: ms, ComparisonOperator: 'GreaterThanThreshold' });
    expect(text(DYNAMODB_TF)).toMatch(new RegExp(`resource "aws_cloudwatch_metric_alarm" "t1_orders_iterator_age"[\\s\\S]*?threshold\\s*=\\s*${ms}`));
  });
  it('the README explains the stream numbers', () => {
    const md = text('README.md');
    expect(md).toMatch(/\*\*Stream\*\* \(NEW_AND_OLD_IMAGES\)/);
    expect(md).toMatch(/`stream\.alarmIteratorAgeMs` \| 60000 ms/);
  });
});
