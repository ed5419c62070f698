/**
 * DynamoDB Streams in the bundle (issue 18 item 5): the table's StreamSpecification, a Lambda
 * event source mapping with the planned consumer settings and an on-failure destination, and a
 * CloudWatch alarm on the consumer's IteratorAge, for CloudFormation and Terraform (names from
 * DOMAIN.md I.5). The function and the destination are the user's: CloudFormation takes them as
 * Parameters and Terraform as variables, so nothing here pretends to know an ARN. Numbers come
 * from the plan (settings) and the engine (the alarm threshold); nothing is re-sized here.
 */
import type { StreamConsumer, StreamViewType } from '../../plan/dynamodb-schema';
import type { DynamoStreamUnits } from '../../engine/dynamodb/types';
import type { HclBody, HclExpr } from '../printers/hcl';
import type { YamlMap, YamlNode } from '../printers/yaml';

export interface DdbStreamDef {
  viewType: StreamViewType;
  consumer: StreamConsumer;
  /** From the engine: IteratorAge above this for 5 minutes means the consumer fell behind. */
  alarmIteratorAgeMs: number;
  /** Short facts for the file comments and the README. */
  notes: string[];
}

/** Lambda's IteratorAge alarm: the maximum over a minute, 5 minutes in a row. */
export const ALARM_PERIOD_S = 60;
export const ALARM_EVALUATION_PERIODS = 5;

export function streamDef(consumer: StreamConsumer, viewType: StreamViewType, s: DynamoStreamUnits): DdbStreamDef {
  const r = (v: number) => Math.round(v * 10) / 10;
  return {
    viewType,
    consumer,
    alarmIteratorAgeMs: s.alarmIteratorAgeMs.value,
    notes: [
      `Stream ${viewType}: ~${s.shards.value} shard(s); the hottest gets ${r(s.hottestShardPerSec.value)} records/s at peak and its consumers sustain ${r(s.shardCeilingPerSec.value)} ` +
        `(PF ${consumer.parallelizationFactor} x ${s.effectiveBatchSize.value} records / ${r(s.fullBatchMs.value)} ms): ${s.keepsUp.value ? 'keeps up' : 'FALLS BEHIND at peak'}; at most ${s.concurrency.value} concurrent Lambda executions.`,
      `IteratorAge alarm at ${s.alarmIteratorAgeMs.value} ms (max over 1 min, 5 min in a row); StartingPosition TRIM_HORIZON (LATEST can miss events while the mapping is created, DOMAIN.md I.2).`,
    ],
  };
}

/** CloudFormation parameter names of a table's consumer. */
export function cfnParams(logicalId: string): { fn: string; dest: string } {
  return { fn: `${logicalId}ConsumerFunction`, dest: `${logicalId}OnFailureDestination` };
}

const ymap = (entries: [string, YamlNode][], comment?: string[]): YamlMap => ({ kind: 'map', entries: entries.map(([key, value]) => ({ key, value })), ...(comment ? { comment } : {}) });
const ref = (id: string): YamlMap => ymap([['Ref', id]]);

export function cfnStreamParameters(logicalId: string, s: DdbStreamDef): { key: string; value: YamlNode }[] {
  const p = cfnParams(logicalId);
  const out = [{ key: p.fn, value: ymap([['Type', 'String'], ['Description', 'Name or ARN of the Lambda function that consumes the stream']]) }];
  if (s.consumer.onFailure !== 'none') {
    out.push({
      key: p.dest,
      value: ymap([['Type', 'String'], ['Description', `ARN of the standard ${s.consumer.onFailure.toUpperCase()} ${s.consumer.onFailure === 'sqs' ? 'queue' : 'topic'} that receives records the consumer gives up on`]]),
    });
  }
  return out;
}

export function cfnEventSourceMapping(logicalId: string, s: DdbStreamDef): YamlMap {
  const c = s.consumer;
  const p = cfnParams(logicalId);
  const props: [string, YamlNode][] = [
    ['EventSourceArn', ymap([['Fn::GetAtt', [logicalId, 'StreamArn']]])],
    ['FunctionName', ref(p.fn)],
    ['StartingPosition', 'TRIM_HORIZON'],
    ['BatchSize', c.batchSize],
    ['MaximumBatchingWindowInSeconds', c.batchingWindowS],
    ['ParallelizationFactor', c.parallelizationFactor],
    ['MaximumRetryAttempts', c.maximumRetryAttempts],
    ['MaximumRecordAgeInSeconds', c.maximumRecordAgeS],
    ['BisectBatchOnFunctionError', c.bisectOnError],
  ];
  if (c.reportBatchItemFailures) props.push(['FunctionResponseTypes', ['ReportBatchItemFailures']]);
  if (c.onFailure !== 'none') props.push(['DestinationConfig', ymap([['OnFailure', ymap([['Destination', ref(p.dest)]])]])]);
  return ymap([
    ['Type', 'AWS::Lambda::EventSourceMapping'],
    ['Properties', ymap(props)],
  ]);
}

export function cfnIteratorAgeAlarm(logicalId: string, tableName: string, s: DdbStreamDef): YamlMap {
  return ymap([
    ['Type', 'AWS::CloudWatch::Alarm'],
    [
      'Properties',
      ymap([
        ['AlarmDescription', `${tableName}: the stream consumer is falling behind (IteratorAge above ${s.alarmIteratorAgeMs} ms); records older than 24 h are lost`],
        ['Namespace', 'AWS/Lambda'],
        ['MetricName', 'IteratorAge'],
        ['Dimensions', [ymap([['Name', 'FunctionName'], ['Value', ref(cfnParams(logicalId).fn)]])]],
        ['Statistic', 'Maximum'],
        ['Period', ALARM_PERIOD_S],
        ['EvaluationPeriods', ALARM_EVALUATION_PERIODS],
        ['Threshold', s.alarmIteratorAgeMs],
        ['ComparisonOperator', 'GreaterThanThreshold'],
        ['TreatMissingData', 'notBreaching'],
      ]),
    ],
  ]);
}

const str = (value: string): HclExpr => ({ kind: 'str', value });
const num = (value: number): HclExpr => ({ kind: 'num', value });
const bool = (value: boolean): HclExpr => ({ kind: 'bool', value });
const raw = (text: string): HclExpr => ({ kind: 'raw', text });

/** Terraform variable names of a table's consumer. */
export function tfVars(tfName: string): { fn: string; dest: string } {
  return { fn: `${tfName}_consumer_function_name`, dest: `${tfName}_on_failure_destination_arn` };
}

export function tfStreamBlocks(tfName: string, tableName: string, s: DdbStreamDef): HclBody {
  const c = s.consumer;
  const v = tfVars(tfName);
  const variable = (name: string, description: string): HclBody[number] => ({
    kind: 'block',
    type: 'variable',
    labels: [name],
    body: [
      { kind: 'attr', name: 'type', value: raw('string') },
      { kind: 'attr', name: 'description', value: str(description) },
    ],
  });
  const esm: HclBody = [
    { kind: 'attr', name: 'event_source_arn', value: raw(`aws_dynamodb_table.${tfName}.stream_arn`) },
    { kind: 'attr', name: 'function_name', value: raw(`var.${v.fn}`) },
    { kind: 'attr', name: 'starting_position', value: str('TRIM_HORIZON') },
    { kind: 'attr', name: 'batch_size', value: num(c.batchSize) },
    { kind: 'attr', name: 'maximum_batching_window_in_seconds', value: num(c.batchingWindowS) },
    { kind: 'attr', name: 'parallelization_factor', value: num(c.parallelizationFactor) },
    { kind: 'attr', name: 'maximum_retry_attempts', value: num(c.maximumRetryAttempts) },
    { kind: 'attr', name: 'maximum_record_age_in_seconds', value: num(c.maximumRecordAgeS) },
    { kind: 'attr', name: 'bisect_batch_on_function_error', value: bool(c.bisectOnError) },
  ];
  if (c.reportBatchItemFailures) esm.push({ kind: 'attr', name: 'function_response_types', value: { kind: 'list', items: [str('ReportBatchItemFailures')] } });
  if (c.onFailure !== 'none') {
    esm.push({
      kind: 'block',
      type: 'destination_config',
      labels: [],
      body: [{ kind: 'block', type: 'on_failure', labels: [], body: [{ kind: 'attr', name: 'destination_arn', value: raw(`var.${v.dest}`) }] }],
    });
  }
  return [
    variable(v.fn, 'Name or ARN of the Lambda function that consumes the stream'),
    ...(c.onFailure !== 'none' ? [variable(v.dest, `ARN of the standard ${c.onFailure.toUpperCase()} destination for records the consumer gives up on`)] : []),
    { kind: 'block', type: 'resource', labels: ['aws_lambda_event_source_mapping', `${tfName}_stream`], body: esm, comment: s.notes },
    {
      kind: 'block',
      type: 'resource',
      labels: ['aws_cloudwatch_metric_alarm', `${tfName}_iterator_age`],
      body: [
        { kind: 'attr', name: 'alarm_name', value: str(`${tableName.slice(0, 200)}-stream-iterator-age`) },
        { kind: 'attr', name: 'alarm_description', value: str(`${tableName}: the stream consumer is falling behind; records older than 24 h are lost`) },
        { kind: 'attr', name: 'namespace', value: str('AWS/Lambda') },
        { kind: 'attr', name: 'metric_name', value: str('IteratorAge') },
        { kind: 'attr', name: 'dimensions', value: { kind: 'object', entries: [['FunctionName', raw(`var.${v.fn}`)]] } },
        { kind: 'attr', name: 'statistic', value: str('Maximum') },
        { kind: 'attr', name: 'period', value: num(ALARM_PERIOD_S) },
        { kind: 'attr', name: 'evaluation_periods', value: num(ALARM_EVALUATION_PERIODS) },
        { kind: 'attr', name: 'threshold', value: num(s.alarmIteratorAgeMs) },
        { kind: 'attr', name: 'comparison_operator', value: str('GreaterThanThreshold') },
        { kind: 'attr', name: 'treat_missing_data', value: str('notBreaching') },
      ],
    },
  ];
}
