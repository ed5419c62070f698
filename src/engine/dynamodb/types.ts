/** Result types of the DynamoDB planner. Every number carries its explanation (Explained). */
import type { DynamoCapacityMode } from '../../plan/dynamodb-schema';
import type { Explained, Finding } from '../types';

/**
 * A finding of the DynamoDB planner. Same shape as the web tier's Finding; the layer is
 * 'dynamodb' (the shared Layer union needs 'dynamodb' added to merge these into SizingResult).
 */
export type DynamoFinding = Omit<Finding, 'layer'> & { layer: 'dynamodb' };

export interface DynamoGsiResult {
  name: string;
  /** Index WCU per base-table write, averaged over key-changing and other writes. */
  wcuPerWrite: Explained;
  peakWcu: Explained;
  avgWcu: Explained;
  /** Auto scaled provisioned WCU at peak (same settings as the table's writes). */
  provisionedPeakWcu: Explained;
  meanProvisionedWcu: Explained;
  storageGB: Explained;
}

export interface DynamoTableResult {
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
  // Cost (USD per month)
  provisionedMonthlyUsd: Explained;
  onDemandMonthlyUsd: Explained;
  storageGB: Explained;
  storageGB12m: Explained;
  /** Gross storage cost of this table and its GSIs (the account's free GB is taken off in the totals). */
  storageMonthlyUsd: Explained;
  breakEvenReadUtilisation: Explained;
  breakEvenWriteUtilisation: Explained;
  /** Cost of the mode the plan chose, capacity only. */
  chosenCapacityMonthlyUsd: Explained;
  cheaperMode: Explained<DynamoCapacityMode>;
  // Batching
  batchWriteCallsSavedPerSec: Explained;
  batchGetCallsSavedPerSec: Explained;
}

export interface DynamoTotals {
  provisionedMonthlyUsd: Explained;
  onDemandMonthlyUsd: Explained;
  storageMonthlyUsd: Explained;
  /** Capacity of each table in its chosen mode + storage after the free tier. */
  monthlyUsd: Explained;
}

export interface DynamoResult {
  enabled: boolean;
  region: string;
  pricesAsOf: string;
  tables: DynamoTableResult[];
  totals: DynamoTotals;
  findings: DynamoFinding[];
}
