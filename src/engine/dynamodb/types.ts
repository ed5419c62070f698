/** Result types of the DynamoDB planner. Every number carries its explanation (Explained). */
import type { DynamoCapacityMode, GsiProjection, LambdaArchitecture, StreamViewType } from '../../plan/dynamodb-schema';
import type { Explained, Finding } from '../types';

/**
 * A finding of the DynamoDB planner. Same shape as the web tier's Finding; the layer is
 * 'dynamodb' (the shared Layer union needs 'dynamodb' added to merge these into SizingResult).
 */
export type DynamoFinding = Omit<Finding, 'layer'> & { layer: 'dynamodb' };

export interface DynamoGsiResult {
  name: string;
  projection: GsiProjection;
  /** Index entry size the index is sized with: the item for ALL, the entered entry otherwise. */
  entryBytes: Explained;
  /** Query calls per second sent to this index at peak (its share of the table's Query calls). */
  queriesPerSec: Explained;
  /** Eventually consistent RCU of one index Query: the index entries summed, rounded per 1 MB page, × ½. */
  rcuPerQuery: Explained;
  peakRcu: Explained;
  /** Auto scaled provisioned RCU at peak (same settings as the table's reads). */
  provisionedPeakRcu: Explained;
  meanProvisionedRcu: Explained;
  /** Index WCU per base-table write, averaged over key-changing and other writes. */
  wcuPerWrite: Explained;
  peakWcu: Explained;
  avgWcu: Explained;
  /** Auto scaled provisioned WCU at peak (same settings as the table's writes). */
  provisionedPeakWcu: Explained;
  meanProvisionedWcu: Explained;
  storageGB: Explained;
}

/**
 * Everything about a table that does not depend on prices: units, provisioned sizing, partitions,
 * quota, storage volume, batching. Sized by sizeDynamoUnits (the export needs only this).
 */
export interface DynamoTableUnits {
  name: string;
  capacityMode: DynamoCapacityMode;
  // Throughput
  readOpsPerSec: Explained;
  writeOpsPerSec: Explained;
  /** Strong read units of one read call, by the operation mix (before the consistency factor). */
  strongRcuPerRead: Explained;
  consistencyFactor: Explained;
  rcuPerRead: Explained;
  wcuPerWrite: Explained;
  peakRcu: Explained;
  avgRcu: Explained;
  peakWcu: Explained;
  avgWcu: Explained;
  gsis: DynamoGsiResult[];
  /** Table + all GSIs. */
  totalAvgRcu: Explained;
  totalPeakWcu: Explained;
  totalAvgWcu: Explained;
  // Provisioned sizing (auto scaling)
  provisionedPeakRcu: Explained;
  provisionedAvgRcu: Explained;
  provisionedPeakWcu: Explained;
  provisionedAvgWcu: Explained;
  meanProvisionedRcu: Explained;
  meanProvisionedWcu: Explained;
  readUtilisation: Explained;
  writeUtilisation: Explained;
  /** Step from average to peak traffic: when throttling starts once the burst bucket is empty (null = never). */
  readSpikeThrottleStartsS: Explained<number | null>;
  writeSpikeThrottleStartsS: Explained<number | null>;
  /** Minutes of the simulated day with throttled demand (reads + writes, table + GSIs). */
  throttledMinutesPerDay: Explained;
  // Partitions
  partitionsByThroughput: Explained;
  partitionsBySize: Explained;
  partitions: Explained;
  hotKeyShare: Explained;
  hotKeyRcu: Explained;
  hotKeyWcu: Explained;
  hottestPartitionLoad: Explained;
  writeShardingFactor: Explained;
  readShardingFactor: Explained;
  // Quota
  tablePeakRcuForQuota: Explained;
  tablePeakWcuForQuota: Explained;
  /** Provisioned only: each scalable target's start, min and max, fitted to the per-table quota. */
  capacityTargets: DynamoCapacityTargets | null;
  /** DynamoDB Streams and its Lambda consumer (null: no stream). */
  stream: DynamoStreamUnits | null;
  /** Consumed-capacity alarm thresholds (units/s) of the table, from the sizing. */
  alarmThresholds: { read: Explained; write: Explained };
  storageGB: Explained;
  storageGB12m: Explained;
  // Batching
  batchWriteCallsSavedPerSec: Explained;
  batchGetCallsSavedPerSec: Explained;
}

export type DynamoDimension = 'read' | 'write';

/** A table's stream and Lambda consumer, hottest shard first (issue 18; DOMAIN.md section I). */
export interface DynamoStreamUnits {
  viewType: StreamViewType;
  /** The consumer's architecture: it picks the GB-second price. */
  architecture: LambdaArchitecture;
  shards: Explained;
  recordsPerSec: Explained;
  recordBytes: Explained;
  effectiveBatchSize: Explained;
  fullBatchMs: Explained;
  shardCeilingPerSec: Explained;
  concurrency: Explained;
  hottestShardShare: Explained;
  hottestShardPerSec: Explained;
  shardUtilisation: Explained;
  throughputPerSec: Explained;
  keepsUp: Explained<boolean>;
  ageGrowthPerSec: Explained;
  maxIteratorAgeS: Explained;
  retentionLossH: Explained<number | null>;
  alarmIteratorAgeMs: Explained;
  neededParallelization: Explained<number | null>;
  neededBatchSize: Explained<number | null>;
  maxPerRecordMs: Explained<number | null>;
  averageBatchSize: Explained;
  invocationsPerSec: Explained;
  gbSecondsPerSec: Explained;
  /** The hottest shard's first day, every 5 minutes (the chart); each point is the end of its minute. */
  agePoints: { minute: number; ageS: number; arrivalPerSec: number; processedPerSec: number }[];
}

/** One auto scaling target (table or GSI × read or write) as the export writes it. */
export interface DynamoScalingTarget {
  /** null: the table itself. */
  index: string | null;
  dimension: DynamoDimension;
  /** Capacity the resource is created with: the planned peak units, never below min nor above max. */
  startUnits: number;
  minUnits: number;
  /** The entered maximum, lowered when the maxima of the table and its GSIs exceed the quota. */
  maxUnits: number;
  enteredMaxUnits: number;
}

/** A provisioned table's scalable targets and the per-table quota they fit (DOMAIN.md D.2). */
export interface DynamoCapacityTargets {
  /** Per-table quota the files claim, reads: the default 40,000, or the increase the start units need. */
  quotaRcu: Explained;
  quotaWcu: Explained;
  targets: DynamoScalingTarget[];
  /** The entered maxima summed above the quota, so they were lowered to fit it. */
  maxCapped: Record<DynamoDimension, boolean>;
}

/** The price-dependent part of a table's result (priceDynamo), USD per month. */
export interface DynamoTableCost {
  name: string;
  provisionedMonthlyUsd: Explained;
  onDemandMonthlyUsd: Explained;
  /** Gross storage cost of this table and its GSIs (the account's free GB is taken off in the totals). */
  storageMonthlyUsd: Explained;
  breakEvenReadUtilisation: Explained;
  breakEvenWriteUtilisation: Explained;
  /** Cost of the mode the plan chose, capacity only. */
  chosenCapacityMonthlyUsd: Explained;
  cheaperMode: Explained<DynamoCapacityMode>;
  /** The stream's Lambda consumer (null: no stream, or no Lambda prices for the region). */
  streamMonthlyUsd: Explained | null;
}

/** Units and cost of one table, as the panel shows them (sizeDynamo = units + cost). */
export type DynamoTableResult = DynamoTableUnits & DynamoTableCost;

export interface DynamoTotals {
  provisionedMonthlyUsd: Explained;
  onDemandMonthlyUsd: Explained;
  storageMonthlyUsd: Explained;
  /** Lambda stream consumers of all tables (0 when none or not priced). */
  streamMonthlyUsd: Explained;
  /** Capacity of each table in its chosen mode + storage after the free tier + stream consumers. */
  monthlyUsd: Explained;
}

/** The price-free half: what the export and the quota / partition findings need. */
export interface DynamoUnitsResult {
  enabled: boolean;
  region: string;
  tables: DynamoTableUnits[];
  /** Findings that hold whatever the prices (throttling, hot keys, quotas, scans …). */
  findings: DynamoFinding[];
}

/** The priced half: one entry per table of the units, plus totals and cost findings. */
export interface DynamoCostResult {
  region: string;
  pricesAsOf: string;
  tables: DynamoTableCost[];
  totals: DynamoTotals;
  findings: DynamoFinding[];
}

export interface DynamoResult {
  enabled: boolean;
  region: string;
  pricesAsOf: string;
  tables: DynamoTableResult[];
  totals: DynamoTotals;
  findings: DynamoFinding[];
}
