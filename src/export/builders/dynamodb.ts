/**
 * DynamoDB table definitions (data) for the bundle: one `DdbTableDef` per table of the plan, and
 * from it the three documents the printers write: a CloudFormation template, a Terraform
 * configuration and the AWS CLI `create-table --cli-input-json` input of each table.
 *
 * Key attribute names: the plan describes traffic, not the data model, so it has no key names.
 * Every table gets the placeholder keys `pk` (String, HASH) and `sk` (String, RANGE); index N gets
 * `gsi<N>pk` / `gsi<N>sk`. Each file's header says to rename them (or drop a sort key) before use.
 *
 * Capacity: the units come from the engine (sizeDynamoUnits → capacityTargets), never from prices
 * and never re-sized here. A provisioned table (and each GSI) starts at the engine's recommended
 * peak units, clamp(ceil(peak consumed / target), min, max): the table can take the planned peak on
 * the first day instead of throttling while auto scaling climbs from the minimum (scale-up needs 2
 * one-minute datapoints plus minutes of UpdateTable, DOMAIN.md D.2), and auto scaling scales it
 * down after 15 quiet minutes. A GSI's reads are its share of the Query calls; an index nobody
 * queries starts at the read minimum. The per-table quota the files claim is the default 40,000
 * or the increase the start units need (then the README and a finding say to request it); the
 * maxima of the table and its GSIs are fitted inside it.
 *
 * Projection: each index is written with the projection the engine sized it with (plan input):
 * ALL, KEYS_ONLY, or INCLUDE with placeholder NonKeyAttributes `gsi<N>attr<k>` to rename.
 */
import type { DynamoPlan, DynamoTable, GsiProjection, StreamViewType } from '../../plan/dynamodb-schema';
import type { DynamoScalingTarget, DynamoTableUnits, DynamoUnitsResult } from '../../engine/dynamodb/types';
import type { HclBody, HclExpr } from '../printers/hcl';
import type { YamlMap, YamlNode } from '../printers/yaml';
import { dynamoName } from '../safe';
import { accountAlarms, tableAlarms, type DdbAlarmDef } from './dynamodb-alarms';
import { cfnEventSourceMapping, cfnIteratorAgeAlarm, cfnStreamParameters, streamDef, tfStreamBlocks, type DdbStreamDef } from './dynamodb-streams';

export const DYNAMODB_CFN = 'dynamodb-cloudformation.yaml';
export const DYNAMODB_TF = 'dynamodb.tf';

/** Default per-table quota (table + all GSIs), provisioned: DOMAIN.md D.2. */
export const TABLE_QUOTA = 40_000;

export const KEY_NOTE = [
  'Key names are PLACEHOLDERS: the plan has no data model. Every table uses pk (String, HASH) and sk (String, RANGE);',
  'index N uses gsiNpk / gsiNsk. Rename them to your attributes (and types) before creating the tables;',
  'remove a sort key the access pattern does not need. Key names cannot be changed after creation.',
  'INCLUDE indexes list placeholder NonKeyAttributes gsiNattrK: replace them with the attributes the index entry size was planned for.',
];

export type ScalingDimension = 'read' | 'write';

export interface DdbScaling {
  dimension: ScalingDimension;
  min: number;
  max: number;
  targetPct: number;
}

export interface DdbCapacity {
  rcu: number;
  wcu: number;
}

export interface DdbIndexDef {
  name: string;
  hashKey: string;
  rangeKey: string;
  projection: GsiProjection;
  /** INCLUDE only: placeholder attribute names, one per planned included attribute. */
  nonKeyAttributes: string[];
  /** Null for PAY_PER_REQUEST. */
  capacity: DdbCapacity | null;
  scaling: DdbScaling[];
}

export interface DdbTableDef {
  /** 1-based position in the plan. */
  n: number;
  name: string;
  /** CloudFormation logical id of the table (letters and digits only). */
  logicalId: string;
  /** Terraform resource name. */
  tfName: string;
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  hashKey: string;
  rangeKey: string;
  /** Every key attribute (table and indexes), all String. */
  attributes: string[];
  capacity: DdbCapacity | null;
  scaling: DdbScaling[];
  gsis: DdbIndexDef[];
  /** DynamoDB Streams and its Lambda consumer (null: no stream). */
  stream: DdbStreamDef | null;
  /** CloudWatch alarm thresholds from the engine. */
  alarms: DdbAlarmDef;
  /** Why the numbers are what they are, for comments. */
  notes: string[];
}

function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('')
    .slice(0, 60);
}

const scalingOf = (x: DynamoScalingTarget, targetPct: number): DdbScaling => ({ dimension: x.dimension, min: x.minUnits, max: x.maxUnits, targetPct });

/** The notes a provisioned table's files carry: start units, bounds and the quota they claim. */
function provisionedNotes(name: string, t: DynamoTable, r: DynamoTableUnits): string[] {
  const a = t.autoscaling;
  const ct = r.capacityTargets;
  if (!ct) return [];
  const tableMax = (dim: 'read' | 'write') => ct.targets.find((x) => x.index === null && x.dimension === dim)?.maxUnits ?? 0;
  const notes = [
    `${name}: starts at the planned peak, ${r.provisionedPeakRcu.value} RCU / ${r.provisionedPeakWcu.value} WCU = clamp(ceil(peak / target), min, max) ` +
      `with read target ${a.readTargetPct}% and write target ${a.writeTargetPct}%; auto scaling then keeps reads within ${a.minRcu}-${tableMax('read')} RCU and writes within ${a.minWcu}-${tableMax('write')} WCU.`,
  ];
  if (t.gsis.length > 0) {
    notes.push('Each GSI: WCU from its own write amplification at peak and RCU from its share of the queries (the read minimum when none), same scaling settings; never below the minimum.');
  }
  const increase = ct.quotaRcu.value > TABLE_QUOTA || ct.quotaWcu.value > TABLE_QUOTA;
  notes.push(
    increase
      ? `Per-table quota (table + GSIs): this plan needs ${ct.quotaRcu.value} RCU / ${ct.quotaWcu.value} WCU, above the default ${TABLE_QUOTA} (DOMAIN.md D.2). Request the increase in Service Quotas (Amazon DynamoDB, table-level read / write throughput limit) BEFORE deploying, or creation fails.`
      : `Per-table quota (table + GSIs): the default ${TABLE_QUOTA} RCU / ${TABLE_QUOTA} WCU (DOMAIN.md D.2); the start units and the auto scaling maxima add up to no more.`,
  );
  if (ct.maxCapped.read || ct.maxCapped.write) {
    notes.push('The entered auto scaling maxima of the table and its GSIs added up to more than that quota, so they are lowered here to fit it; raise the quota first to scale further.');
  }
  return notes;
}

function indexDefs(t: DynamoTable, r: DynamoTableUnits, n: number): DdbIndexDef[] {
  const a = t.autoscaling;
  const targets = r.capacityTargets?.targets ?? [];
  return t.gsis.map((g, i) => {
    const gn = dynamoName(g.name, `dynamodb.tables.${n - 1}.gsis.${i}.name`);
    const read = targets.find((x) => x.index === g.name && x.dimension === 'read');
    const write = targets.find((x) => x.index === g.name && x.dimension === 'write');
    return {
      name: gn,
      hashKey: `gsi${i + 1}pk`,
      rangeKey: `gsi${i + 1}sk`,
      projection: g.projection,
      nonKeyAttributes: g.projection === 'INCLUDE' ? Array.from({ length: g.includedAttributes }, (_, k) => `gsi${i + 1}attr${k + 1}`) : [],
      capacity: read && write ? { rcu: read.startUnits, wcu: write.startUnits } : null,
      scaling: read && write ? [scalingOf(read, a.readTargetPct), scalingOf(write, a.writeTargetPct)] : [],
    };
  });
}

function tableDef(t: DynamoTable, r: DynamoTableUnits, n: number): DdbTableDef {
  const name = dynamoName(t.name, `dynamodb.tables.${n - 1}.name`);
  const a = t.autoscaling;
  const targets = r.capacityTargets?.targets ?? [];
  const read = targets.find((x) => x.index === null && x.dimension === 'read');
  const write = targets.find((x) => x.index === null && x.dimension === 'write');
  const provisioned = read !== undefined && write !== undefined;
  const gsis = indexDefs(t, r, n);
  return {
    n,
    name,
    logicalId: `Table${n}${pascal(name)}`,
    tfName: `t${n}_${name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60)}`,
    billingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    hashKey: 'pk',
    rangeKey: 'sk',
    attributes: ['pk', 'sk', ...gsis.flatMap((g) => [g.hashKey, g.rangeKey])],
    capacity: provisioned ? { rcu: read.startUnits, wcu: write.startUnits } : null,
    scaling: provisioned ? [scalingOf(read, a.readTargetPct), scalingOf(write, a.writeTargetPct)] : [],
    gsis,
    stream: t.stream.enabled && r.stream ? streamDef(t.stream.consumer, t.stream.viewType, r.stream) : null,
    alarms: { consumedReadPerSec: r.alarmThresholds.read.value, consumedWritePerSec: r.alarmThresholds.write.value },
    notes: provisioned
      ? provisionedNotes(name, t, r)
      : [`${name}: on-demand (PAY_PER_REQUEST): no provisioned units or auto scaling; it absorbs up to 2x the previous peak instantly (DOMAIN.md D.2).`],
  };
}

/** The table definitions of an enabled DynamoDB plan (empty when disabled). */
export function buildDynamoTables(ddb: DynamoPlan, result: DynamoUnitsResult): DdbTableDef[] {
  if (!ddb.enabled) return [];
  return ddb.tables.map((t, i) => {
    const r = result.tables[i];
    if (!r || r.name !== t.name) throw new Error(`the DynamoDB result does not match the plan's table ${i + 1} (${t.name})`);
    return tableDef(t, r, i + 1);
  });
}

// ---------------------------------------------------------------------------------------------
// Auto scaling names shared by the formats

export const SCALABLE_DIMENSION: Record<'table' | 'index', Record<ScalingDimension, string>> = {
  table: { read: 'dynamodb:table:ReadCapacityUnits', write: 'dynamodb:table:WriteCapacityUnits' },
  index: { read: 'dynamodb:index:ReadCapacityUnits', write: 'dynamodb:index:WriteCapacityUnits' },
};
export const PREDEFINED_METRIC: Record<ScalingDimension, string> = {
  read: 'DynamoDBReadCapacityUtilization',
  write: 'DynamoDBWriteCapacityUtilization',
};

/** Policy names are at most 256 characters; table and index names are at most 255. */
export function policyName(table: string, index: string | null, dim: ScalingDimension): string {
  return index === null ? `${table.slice(0, 200)}-${dim}-scaling` : `${table.slice(0, 100)}-${index.slice(0, 100)}-${dim}-scaling`;
}

export function resourceId(table: string, index: string | null): string {
  return index === null ? `table/${table}` : `table/${table}/index/${index}`;
}

/** One scalable target per (table or index) × (read, write). */
export interface ScalingTarget {
  /** Suffix for logical ids / resource names, e.g. `Read` or `Gsi1Write`. */
  idPart: string;
  index: DdbIndexDef | null;
  scaling: DdbScaling;
}

export function scalingTargets(t: DdbTableDef): ScalingTarget[] {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return [
    ...t.scaling.map((s) => ({ idPart: cap(s.dimension), index: null, scaling: s })),
    ...t.gsis.flatMap((g, i) => g.scaling.map((s) => ({ idPart: `Gsi${i + 1}${cap(s.dimension)}`, index: g, scaling: s }))),
  ];
}

// ---------------------------------------------------------------------------------------------
// AWS CLI: create-table --cli-input-json (the CreateTable API input)

export interface CreateTableInputJson {
  TableName: string;
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' }[];
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  BillingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  StreamSpecification?: { StreamEnabled: true; StreamViewType: StreamViewType };
  GlobalSecondaryIndexes?: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    Projection: { ProjectionType: GsiProjection; NonKeyAttributes?: string[] };
    ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  }[];
}

/** The projection the engine sized the index with (issue 12 item 2). */
export function projectionJson(g: DdbIndexDef): { ProjectionType: GsiProjection; NonKeyAttributes?: string[] } {
  return g.projection === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: g.nonKeyAttributes } : { ProjectionType: g.projection };
}

const throughput = (c: DdbCapacity) => ({ ReadCapacityUnits: c.rcu, WriteCapacityUnits: c.wcu });

export function createTableInput(t: DdbTableDef): CreateTableInputJson {
  const input: CreateTableInputJson = {
    TableName: t.name,
    AttributeDefinitions: t.attributes.map((a) => ({ AttributeName: a, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: t.hashKey, KeyType: 'HASH' },
      { AttributeName: t.rangeKey, KeyType: 'RANGE' },
    ],
    BillingMode: t.billingMode,
  };
  if (t.capacity) input.ProvisionedThroughput = throughput(t.capacity);
  if (t.stream) input.StreamSpecification = { StreamEnabled: true, StreamViewType: t.stream.viewType };
  if (t.gsis.length > 0) {
    input.GlobalSecondaryIndexes = t.gsis.map((g) => ({
      IndexName: g.name,
      KeySchema: [
        { AttributeName: g.hashKey, KeyType: 'HASH' },
        { AttributeName: g.rangeKey, KeyType: 'RANGE' },
      ],
      Projection: projectionJson(g),
      ...(g.capacity ? { ProvisionedThroughput: throughput(g.capacity) } : {}),
    }));
  }
  return input;
}

/** File name of a table's create-table input: the table name when it fits a file name. */
export function createTableFileName(t: DdbTableDef): string {
  return t.name.length <= 200 ? `create-table.${t.name}.json` : `create-table.${t.name.slice(0, 190)}-${t.n}.json`;
}

// ---------------------------------------------------------------------------------------------
// CloudFormation

const ymap = (entries: [string, YamlNode][], comment?: string[]): YamlMap => ({ kind: 'map', entries: entries.map(([key, value]) => ({ key, value })), ...(comment ? { comment } : {}) });
const sub = (s: string): YamlMap => ymap([['Fn::Sub', s]]);
const ref = (id: string): YamlMap => ymap([['Ref', id]]);

function cfnKeySchema(hash: string, range: string): YamlNode[] {
  return [ymap([['AttributeName', hash], ['KeyType', 'HASH']]), ymap([['AttributeName', range], ['KeyType', 'RANGE']])];
}
const cfnThroughput = (c: DdbCapacity) => ymap([['ReadCapacityUnits', c.rcu], ['WriteCapacityUnits', c.wcu]]);

/** The template's Resources map (the printer adds the header). */
export function cloudFormationDoc(tables: DdbTableDef[], region: string): YamlMap {
  const resources: { key: string; value: YamlNode; comment?: string[] }[] = [];
  const parameters: { key: string; value: YamlNode }[] = [];
  for (const t of tables) {
    const props: [string, YamlNode][] = [
      ['TableName', t.name],
      ['BillingMode', t.billingMode],
      ['AttributeDefinitions', t.attributes.map((a) => ymap([['AttributeName', a], ['AttributeType', 'S']]))],
      ['KeySchema', cfnKeySchema(t.hashKey, t.rangeKey)],
    ];
    if (t.capacity) props.push(['ProvisionedThroughput', cfnThroughput(t.capacity)]);
    if (t.stream) props.push(['StreamSpecification', ymap([['StreamViewType', t.stream.viewType]])]);
    if (t.gsis.length > 0) {
      props.push([
        'GlobalSecondaryIndexes',
        t.gsis.map((g) => {
          const e: [string, YamlNode][] = [
            ['IndexName', g.name],
            ['KeySchema', cfnKeySchema(g.hashKey, g.rangeKey)],
            [
              'Projection',
              ymap([['ProjectionType', g.projection], ...(g.projection === 'INCLUDE' ? ([['NonKeyAttributes', g.nonKeyAttributes]] as [string, YamlNode][]) : [])]),
            ],
          ];
          if (g.capacity) e.push(['ProvisionedThroughput', cfnThroughput(g.capacity)]);
          return ymap(e);
        }),
      ]);
    }
    resources.push({
      key: t.logicalId,
      value: ymap([
        ['Type', 'AWS::DynamoDB::Table'],
        ['DeletionPolicy', 'Retain'],
        ['UpdateReplacePolicy', 'Retain'],
        ['Properties', ymap(props)],
      ]),
      comment: t.notes,
    });
    resources.push(...tableAlarms(t.logicalId, t.name, t.gsis.map((g) => g.name), t.alarms));
    if (t.stream) {
      parameters.push(...cfnStreamParameters(t.logicalId, t.stream));
      resources.push({ key: `${t.logicalId}StreamConsumer`, value: cfnEventSourceMapping(t.logicalId, t.stream), comment: t.stream.notes });
      resources.push({ key: `${t.logicalId}IteratorAgeAlarm`, value: cfnIteratorAgeAlarm(t.logicalId, t.name, t.stream) });
    }
    for (const st of scalingTargets(t)) {
      const kind = st.index ? 'index' : 'table';
      const targetId = `${t.logicalId}${st.idPart}ScalableTarget`;
      const rid = st.index ? `table/\${${t.logicalId}}/index/${st.index.name}` : `table/\${${t.logicalId}}`;
      resources.push({
        key: targetId,
        value: ymap([
          ['Type', 'AWS::ApplicationAutoScaling::ScalableTarget'],
          [
            'Properties',
            ymap([
              ['ServiceNamespace', 'dynamodb'],
              ['ResourceId', sub(rid)],
              ['ScalableDimension', SCALABLE_DIMENSION[kind][st.scaling.dimension]],
              ['MinCapacity', st.scaling.min],
              ['MaxCapacity', st.scaling.max],
            ]),
          ],
        ]),
      });
      resources.push({
        key: `${t.logicalId}${st.idPart}ScalingPolicy`,
        value: ymap([
          ['Type', 'AWS::ApplicationAutoScaling::ScalingPolicy'],
          [
            'Properties',
            ymap([
              ['PolicyName', policyName(t.name, st.index?.name ?? null, st.scaling.dimension)],
              ['PolicyType', 'TargetTrackingScaling'],
              ['ScalingTargetId', ref(targetId)],
              [
                'TargetTrackingScalingPolicyConfiguration',
                ymap([
                  ['TargetValue', st.scaling.targetPct],
                  ['PredefinedMetricSpecification', ymap([['PredefinedMetricType', PREDEFINED_METRIC[st.scaling.dimension]]])],
                ]),
              ],
            ]),
          ],
        ]),
      });
    }
  }
  if (tables.some((t) => t.capacity !== null)) resources.push(...accountAlarms());
  return {
    kind: 'map',
    entries: [
      { key: 'AWSTemplateFormatVersion', value: '2010-09-09' },
      { key: 'Description', value: `DynamoDB tables sized by Headroom (deploy in ${region})` },
      ...(parameters.length > 0 ? [{ key: 'Parameters', value: { kind: 'map' as const, entries: parameters } }] : []),
      { key: 'Resources', value: { kind: 'map', entries: resources } },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Terraform

const str = (value: string): HclExpr => ({ kind: 'str', value });
const num = (value: number): HclExpr => ({ kind: 'num', value });
/** A Terraform expression built here from resource names (never from user text). */
const raw = (text: string): HclExpr => ({ kind: 'raw', text });

/**
 * Auto scaling owns provisioned capacity after creation, so Terraform must not reset it on every
 * apply. GSI capacity lives inside `global_secondary_index` blocks, which Terraform can only
 * ignore as a whole (DOMAIN.md G.7; the terraform-aws-modules `autoscaled_gsi_ignore` variant).
 */
function lifecycleBlock(t: DdbTableDef): HclBody[number] {
  const gsi = t.gsis.some((g) => g.capacity !== null);
  return {
    kind: 'block',
    type: 'lifecycle',
    labels: [],
    comment: gsi
      ? [
          'Auto scaling owns the table and GSI capacity after creation. Terraform cannot ignore only the capacity inside',
          'global_secondary_index blocks, so it ignores the blocks: to add, remove or change an index, remove',
          'global_secondary_index from ignore_changes for that apply.',
        ]
      : ['Auto scaling owns the table capacity after creation.'],
    body: [
      {
        kind: 'attr',
        name: 'ignore_changes',
        value: { kind: 'list', items: [raw('read_capacity'), raw('write_capacity'), ...(gsi ? [raw('global_secondary_index')] : [])] },
      },
    ],
  };
}

export function terraformDoc(tables: DdbTableDef[], region: string): HclBody {
  const body: HclBody = [
    {
      kind: 'block',
      type: 'terraform',
      labels: [],
      body: [
        {
          kind: 'block',
          type: 'required_providers',
          labels: [],
          body: [{ kind: 'attr', name: 'aws', value: { kind: 'object', entries: [['source', str('hashicorp/aws')], ['version', str('>= 5.0')]] } }],
        },
      ],
    },
    { kind: 'block', type: 'provider', labels: ['aws'], body: [{ kind: 'attr', name: 'region', value: str(region) }] },
  ];
  for (const t of tables) {
    const res = `aws_dynamodb_table.${t.tfName}`;
    const tb: HclBody = [
      { kind: 'attr', name: 'name', value: str(t.name) },
      { kind: 'attr', name: 'billing_mode', value: str(t.billingMode) },
    ];
    if (t.capacity) {
      tb.push({ kind: 'attr', name: 'read_capacity', value: num(t.capacity.rcu) }, { kind: 'attr', name: 'write_capacity', value: num(t.capacity.wcu) });
    }
    tb.push({ kind: 'attr', name: 'hash_key', value: str(t.hashKey) }, { kind: 'attr', name: 'range_key', value: str(t.rangeKey) });
    if (t.stream) tb.push({ kind: 'attr', name: 'stream_enabled', value: { kind: 'bool', value: true } }, { kind: 'attr', name: 'stream_view_type', value: str(t.stream.viewType) });
    for (const a of t.attributes) {
      tb.push({ kind: 'block', type: 'attribute', labels: [], body: [{ kind: 'attr', name: 'name', value: str(a) }, { kind: 'attr', name: 'type', value: str('S') }] });
    }
    for (const g of t.gsis) {
      const gb: HclBody = [
        { kind: 'attr', name: 'name', value: str(g.name) },
        { kind: 'attr', name: 'hash_key', value: str(g.hashKey) },
        { kind: 'attr', name: 'range_key', value: str(g.rangeKey) },
        { kind: 'attr', name: 'projection_type', value: str(g.projection) },
      ];
      if (g.projection === 'INCLUDE') gb.push({ kind: 'attr', name: 'non_key_attributes', value: { kind: 'list', items: g.nonKeyAttributes.map(str) } });
      if (g.capacity) gb.push({ kind: 'attr', name: 'read_capacity', value: num(g.capacity.rcu) }, { kind: 'attr', name: 'write_capacity', value: num(g.capacity.wcu) });
      tb.push({ kind: 'block', type: 'global_secondary_index', labels: [], body: gb });
    }
    if (t.capacity) tb.push(lifecycleBlock(t));
    body.push({ kind: 'block', type: 'resource', labels: ['aws_dynamodb_table', t.tfName], body: tb, comment: t.notes });
    if (t.stream) body.push(...tfStreamBlocks(t.tfName, t.name, t.stream));
    for (const st of scalingTargets(t)) {
      const kind = st.index ? 'index' : 'table';
      const name = `${t.tfName}_${st.idPart.toLowerCase()}`;
      const target = `aws_appautoscaling_target.${name}`;
      const rid = st.index ? `"table/\${${res}.name}/index/${st.index.name}"` : `"table/\${${res}.name}"`;
      body.push({
        kind: 'block',
        type: 'resource',
        labels: ['aws_appautoscaling_target', name],
        body: [
          { kind: 'attr', name: 'service_namespace', value: str('dynamodb') },
          { kind: 'attr', name: 'resource_id', value: raw(rid) },
          { kind: 'attr', name: 'scalable_dimension', value: str(SCALABLE_DIMENSION[kind][st.scaling.dimension]) },
          { kind: 'attr', name: 'min_capacity', value: num(st.scaling.min) },
          { kind: 'attr', name: 'max_capacity', value: num(st.scaling.max) },
        ],
      });
      body.push({
        kind: 'block',
        type: 'resource',
        labels: ['aws_appautoscaling_policy', name],
        body: [
          { kind: 'attr', name: 'name', value: str(policyName(t.name, st.index?.name ?? null, st.scaling.dimension)) },
          { kind: 'attr', name: 'policy_type', value: str('TargetTrackingScaling') },
          { kind: 'attr', name: 'service_namespace', value: raw(`${target}.service_namespace`) },
          { kind: 'attr', name: 'resource_id', value: raw(`${target}.resource_id`) },
          { kind: 'attr', name: 'scalable_dimension', value: raw(`${target}.scalable_dimension`) },
          {
            kind: 'block',
            type: 'target_tracking_scaling_policy_configuration',
            labels: [],
            body: [
              { kind: 'attr', name: 'target_value', value: num(st.scaling.targetPct) },
              {
                kind: 'block',
                type: 'predefined_metric_specification',
                labels: [],
                body: [{ kind: 'attr', name: 'predefined_metric_type', value: str(PREDEFINED_METRIC[st.scaling.dimension]) }],
              },
            ],
          },
        ],
      });
    }
  }
  return body;
}
