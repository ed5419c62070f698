/**
 * CloudWatch alarms for the DynamoDB CloudFormation template (issue 17 item 3): per table, read and
 * write throttle events, consumed capacity against the engine's threshold (near the auto scaling
 * maximum, or 2× the planned peak on-demand) and system errors; per GSI, its throttle events
 * (read + write, one metric-math alarm, to stay well inside CloudFormation's 500 resources); once
 * per template, the account's provisioned capacity utilisation. Metric names: DOMAIN.md G.7.
 */
import type { YamlMap, YamlNode } from '../printers/yaml';

const ymap = (entries: [string, YamlNode][]): YamlMap => ({ kind: 'map', entries: entries.map(([key, value]) => ({ key, value })) });
const dim = (name: string, value: YamlNode) => ymap([['Name', name], ['Value', value]]);

export interface DdbAlarmDef {
  /** Consumed RCU/s and WCU/s above which the table is near what the plan allows. */
  consumedReadPerSec: number;
  consumedWritePerSec: number;
}

/** 5 one-minute periods: long enough to skip a blip, short enough to act before a peak ends. */
const PERIOD_S = 60;
const EVALUATION_PERIODS = 5;

function alarm(description: string, metric: [string, YamlNode][], threshold: number, extra: [string, YamlNode][] = []): YamlMap {
  return ymap([
    ['Type', 'AWS::CloudWatch::Alarm'],
    [
      'Properties',
      ymap([
        ['AlarmDescription', description],
        ...metric,
        ['EvaluationPeriods', EVALUATION_PERIODS],
        ['Threshold', threshold],
        ['ComparisonOperator', 'GreaterThanThreshold'],
        ['TreatMissingData', 'notBreaching'],
        ...extra,
      ]),
    ],
  ]);
}

const single = (metricName: string, dims: YamlNode[], statistic: string): [string, YamlNode][] => [
  ['Namespace', 'AWS/DynamoDB'],
  ['MetricName', metricName],
  ...(dims.length > 0 ? ([['Dimensions', dims]] as [string, YamlNode][]) : []),
  ['Statistic', statistic],
  ['Period', PERIOD_S],
];

/** The alarms of one table (logical id → resource). */
export function tableAlarms(logicalId: string, tableName: string, gsiNames: string[], a: DdbAlarmDef): { key: string; value: YamlNode }[] {
  const table = dim('TableName', ymap([['Ref', logicalId]]));
  const round1 = (v: number) => Math.round(v * 10) / 10;
  const out: { key: string; value: YamlNode }[] = [
    { key: `${logicalId}ReadThrottleAlarm`, value: alarm(`${tableName}: read requests throttled`, single('ReadThrottleEvents', [table], 'Sum'), 0) },
    { key: `${logicalId}WriteThrottleAlarm`, value: alarm(`${tableName}: write requests throttled`, single('WriteThrottleEvents', [table], 'Sum'), 0) },
    {
      key: `${logicalId}ConsumedReadAlarm`,
      value: alarm(`${tableName}: consumed reads above ${round1(a.consumedReadPerSec)} RCU/s (the sizing's alarm threshold)`, single('ConsumedReadCapacityUnits', [table], 'Sum'), Math.round(a.consumedReadPerSec * PERIOD_S)),
    },
    {
      key: `${logicalId}ConsumedWriteAlarm`,
      value: alarm(`${tableName}: consumed writes above ${round1(a.consumedWritePerSec)} WCU/s (the sizing's alarm threshold)`, single('ConsumedWriteCapacityUnits', [table], 'Sum'), Math.round(a.consumedWritePerSec * PERIOD_S)),
    },
    // SystemErrors is reported per Operation as well [U: whether the TableName-only series exists].
    { key: `${logicalId}SystemErrorsAlarm`, value: alarm(`${tableName}: DynamoDB returned HTTP 500 errors`, single('SystemErrors', [table], 'Sum'), 0) },
  ];
  gsiNames.forEach((g, i) => {
    const dims = [table, dim('GlobalSecondaryIndexName', g)];
    const m = (id: string, name: string): YamlMap =>
      ymap([
        ['Id', id],
        ['ReturnData', false],
        ['MetricStat', ymap([['Metric', ymap([['Namespace', 'AWS/DynamoDB'], ['MetricName', name], ['Dimensions', dims]])], ['Period', PERIOD_S], ['Stat', 'Sum']])],
      ]);
    out.push({
      key: `${logicalId}Gsi${i + 1}ThrottleAlarm`,
      value: alarm(`${tableName} index ${g}: throttled (a GSI short of write capacity throttles the table's writes)`, [
        ['Metrics', [m('r', 'ReadThrottleEvents'), m('w', 'WriteThrottleEvents'), ymap([['Id', 'throttled'], ['Expression', 'r + w'], ['Label', 'read + write throttle events'], ['ReturnData', true]])]],
      ], 0),
    });
  });
  return out;
}

/** Once per template with a provisioned table: the account's provisioned capacity near its quota [U: metric names]. */
export function accountAlarms(): { key: string; value: YamlNode }[] {
  return (['Read', 'Write'] as const).map((d) => ({
    key: `Account${d}CapacityUtilizationAlarm`,
    value: alarm(`Account provisioned ${d.toLowerCase()} capacity above 80% of the per-Region quota`, single(`AccountProvisioned${d}CapacityUtilization`, [], 'Maximum'), 80),
  }));
}
