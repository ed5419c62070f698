/**
 * CloudWatch alarms in the DynamoDB CloudFormation (issue 17 item 3): throttling per table and GSI,
 * consumed capacity at the sizing's threshold, system errors, account utilisation. cfn-lint runs
 * on these templates in dynamodb-files.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { analyzePlan } from '../engine/analysis/analyze-plan';
import type { Plan } from '../plan/schema';
import { buildBundle, DYNAMODB_CFN } from './bundle';
import { dynamoUnits } from './testing/dynamo-units';
import { DYNAMO_FIXTURES, sampleDynamoPlans } from '../engine/testing/dynamo-arb';

type Res = { Type: string; Properties: Record<string, unknown> };
const cfnOf = (plan: Plan) =>
  parseYaml(buildBundle(analyzePlan(plan), { generatedAt: new Date('2026-03-01T12:00:00Z') }).find((f) => f.path === DYNAMODB_CFN)?.text ?? '') as { Resources: Record<string, Res> };

describe('consumed-capacity alarms at the sizing’s threshold', () => {
  it('provisioned: 80% of the auto scaling maximum, as a one-minute Sum', () => {
    const plan = DYNAMO_FIXTURES.provisionedWithGsis as Plan;
    const res = cfnOf(plan).Resources;
    const t = dynamoUnits(plan).tables[0]!;
    const maxRcu = t.capacityTargets!.targets.find((x) => x.index === null && x.dimension === 'read')!.maxUnits;
    expect(t.alarmThresholds.read.value).toBe(0.8 * maxRcu);
    expect(res.Table1SessionsConsumedReadAlarm?.Properties).toMatchObject({ MetricName: 'ConsumedReadCapacityUnits', Statistic: 'Sum', Period: 60, Threshold: Math.round(0.8 * maxRcu * 60) });
  });
  it('on-demand: 2× the planned peak', () => {
    const plan = DYNAMO_FIXTURES.onDemandWithGsis as Plan;
    const t = dynamoUnits(plan).tables[0]!;
    const res = cfnOf(plan).Resources;
    expect(res.Table1OrdersConsumedWriteAlarm?.Properties.Threshold).toBe(Math.round(Math.max(1, 2 * t.peakWcu.value) * 60));
  });
});

describe('throttling, errors and the account', () => {
  it.each([...Object.entries(DYNAMO_FIXTURES), ...sampleDynamoPlans(8, 99).map((p, i) => [`random #${i}`, p] as [string, Plan])])('%s', (_n, plan) => {
    const res = cfnOf(plan).Resources;
    const alarms = Object.values(res).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    const metric = (name: string) => alarms.filter((a) => a.Properties.MetricName === name);
    const n = plan.dynamodb.tables.length;
    expect(metric('ReadThrottleEvents')).toHaveLength(n);
    expect(metric('WriteThrottleEvents')).toHaveLength(n);
    expect(metric('SystemErrors')).toHaveLength(n);
    const gsis = plan.dynamodb.tables.reduce((s, t) => s + t.gsis.length, 0);
    expect(alarms.filter((a) => JSON.stringify(a.Properties.Metrics ?? '').includes('GlobalSecondaryIndexName'))).toHaveLength(gsis);
    const provisioned = plan.dynamodb.tables.some((t) => t.capacityMode === 'provisioned');
    expect(metric('AccountProvisionedReadCapacityUtilization')).toHaveLength(provisioned ? 1 : 0);
    // CloudFormation allows 500 resources per template.
    expect(Object.keys(res).length).toBeLessThanOrEqual(500);
  });
});
