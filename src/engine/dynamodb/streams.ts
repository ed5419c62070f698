/**
 * DynamoDB Streams with a Lambda consumer (issue 18): shards, records per shard (hottest partition
 * included), what one shard's consumers can sustain, Lambda concurrency, iterator age over a day
 * and the time until records pass the 24 h retention, and the invocations and GB-seconds the
 * monthly cost needs. PURE. Facts and limits: DOMAIN.md section I; the throughput math is I.3.
 *
 * Model (derived, DOMAIN.md I.3):
 * - shards ≈ partitions [S: AWS does not state the mapping];
 * - every item write that changes data is one stream record (GSI updates add none);
 * - one invocation of B records takes T(B) = fixed + per-record × B; a shard runs up to PF batches
 *   at once, so with a backlog (full batches) it sustains μ = PF × B_eff / T(B_eff) records/s,
 *   B_eff = min(batch size, records in the 6 MB invoke payload);
 * - the hottest shard carries max(hottest-key share, 1 / shards) of the writes;
 * - IteratorAge: a fluid FIFO of the hottest shard, minute by minute through the plan's daily
 *   traffic curve (./simulate.ts dailyShape); the age is that of the record being read.
 * ./stream-simulate.ts is the seeded discrete-event check of these formulas.
 */
import type { DynamoTable, StreamConsumer } from '../../plan/dynamodb-schema';
import { explain, round } from '../explain';
import { meanBytes, sizesFor } from './size-mix';
import { MINUTES_PER_DAY } from './simulate';
import { safe, type TableContext } from './table-context';
import type { DynamoStreamUnits, DynamoTableUnits } from './types';

/** DOMAIN.md I.1: records older than 24 h can be trimmed at any moment. */
export const RETENTION_S = 24 * 3600;
/** DOMAIN.md I.2: Lambda polls each shard 4 times a second when idle. */
export const POLL_INTERVAL_S = 0.25;
/** DOMAIN.md I.2: the batch is one synchronous invoke, at most 6 MB. */
export const INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** KEYS_ONLY records hold the key attributes only; the plan has no key sizes [U: an assumption]. */
export const KEYS_ONLY_RECORD_BYTES = 100;
/** How many days the iterator-age simulation may run before extrapolating. */
export const AGE_SIM_DAYS = 30;

/** Lambda bills in 1 ms steps and no invocation takes less: the floor keeps the ceiling finite. */
export const MIN_BATCH_S = 0.001;

/** Seconds one invocation of `records` takes. */
export function batchSeconds(c: StreamConsumer, records: number): number {
  return Math.max(MIN_BATCH_S, (c.fixedMsPerBatch + c.perRecordMs * records) / 1000);
}

/** Records per second one shard's consumers sustain with full batches: PF × B / T(B). */
export function shardCeiling(c: StreamConsumer, batch: number, pf = c.parallelizationFactor): number {
  return (pf * batch) / batchSeconds(c, batch);
}

/** Size of one stream record by view type (DOMAIN.md I.1). */
export function recordBytes(t: DynamoTable): number {
  const item = meanBytes(sizesFor(t, 'write'));
  switch (t.stream.viewType) {
    case 'KEYS_ONLY':
      return KEYS_ONLY_RECORD_BYTES;
    case 'NEW_IMAGE':
    case 'OLD_IMAGE':
      return item;
    case 'NEW_AND_OLD_IMAGES':
      return 2 * item;
  }
}

/**
 * Records in a batch at an arrival rate per shard that the consumer keeps up with. A poller polls
 * again as soon as a batch succeeds, so a batch holds what arrived while the previous one ran
 * (T(b) / PF per poller) or during the batching window; when that is under one record the poller
 * finds the shard empty and waits 0.25 s between polls (DOMAIN.md I.2). Solved as a fixed point
 * (a few steps suffice), never more than the full batch.
 */
export function steadyBatch(c: StreamConsumer, ratePerShard: number, maxBatch: number): number {
  let b = 1;
  for (let i = 0; i < 40; i++) {
    const busy = Math.max(c.batchingWindowS, batchSeconds(c, b) / c.parallelizationFactor);
    const gather = ratePerShard * busy >= 1 ? busy : Math.max(c.batchingWindowS, POLL_INTERVAL_S);
    b = Math.min(maxBatch, Math.max(1, ratePerShard * gather));
  }
  return b;
}

export interface AgePoint {
  minute: number;
  /** Age of the record being read at the end of this minute (s). */
  ageS: number;
  /** Records/s arriving on the hottest shard. */
  arrivalPerSec: number;
  /** Records/s its consumers processed. */
  processedPerSec: number;
}

/**
 * Fluid FIFO of one shard through `days` of the daily curve (minute steps): processed = min(μ,
 * arrivals + backlog); the head record's age is found on the cumulative-arrival curve.
 */
export function simulateShardAge(peakPerSec: number, shape: readonly number[], ceiling: number, days: number): AgePoint[] {
  const cumA: number[] = [0];
  const out: AgePoint[] = [];
  let arrived = 0;
  let done = 0;
  let head = 0;
  for (let m = 0; m < days * MINUTES_PER_DAY; m++) {
    const rate = safe(peakPerSec * (shape[m % MINUTES_PER_DAY] ?? 0));
    arrived += rate * 60;
    cumA.push(arrived);
    const processed = Math.min(arrived - done, Number.isFinite(ceiling) ? ceiling * 60 : Infinity);
    done += processed;
    // Head record = the one number `done` on the arrival curve (minute index + fraction).
    while (head < m && (cumA[head + 1] ?? 0) < done - 1e-9) head++;
    const a0 = cumA[head] ?? 0;
    const a1 = cumA[head + 1] ?? a0;
    const frac = a1 > a0 ? Math.min(1, Math.max(0, (done - a0) / (a1 - a0))) : 1;
    const backlog = arrived - done;
    const ageS = backlog > 1e-6 ? Math.max(0, (m + 1 - (head + frac)) * 60) : 0;
    out.push({ minute: m, ageS, arrivalPerSec: rate, processedPerSec: processed / 60 });
  }
  return out;
}

/** The stream part of a table's units, or null when the table has no stream. */
export function selectStream(c: TableContext, u: Pick<DynamoTableUnits, 'partitions' | 'hotKeyShare'>): Pick<DynamoTableUnits, 'stream'> {
  const { t } = c;
  if (!t.stream.enabled) return { stream: null };
  return { stream: streamUnits(c, u.partitions.value, u.hotKeyShare.value) };
}

function streamUnits(c: TableContext, partitions: number, hotKeyShare: number): DynamoStreamUnits {
  const { t } = c;
  const k = t.stream.consumer;
  const shards = Math.max(1, partitions);
  const bytes = recordBytes(t);
  const bEff = Math.max(1, Math.min(k.batchSize, Math.floor(INVOKE_PAYLOAD_BYTES / Math.max(1, bytes))));
  const mu = shardCeiling(k, bEff);
  const hotShare = Math.min(1, Math.max(hotKeyShare, 1 / shards));
  const hotPeak = safe(c.writeOps * hotShare);
  const sim = simulateShardAge(hotPeak, c.shape, mu, 1);
  const maxAge = sim.reduce((m, p) => Math.max(m, p.ageS), 0);
  const avgPerShard = safe(c.writeOps / c.p2a / shards);
  const avgBatch = steadyBatch(k, avgPerShard, bEff);
  const invocationsPerSec = safe((shards * avgPerShard) / avgBatch);
  const base = {
    viewType: t.stream.viewType,
    architecture: k.architecture,
    ...shardNumbers(c, shards, bytes, bEff, mu),
    ...hotShardNumbers(c, hotShare, hotPeak, mu, shards),
    ...ageNumbers(c, hotPeak, mu, maxAge),
    ...fixNumbers(k, hotPeak, bEff),
    ...costVolumes(c, avgPerShard, avgBatch, invocationsPerSec, shards),
    // Every 5 minutes is enough for the chart and keeps the CLI's JSON small.
    agePoints: sim.filter((p) => p.minute % 5 === 0),
  };
  return base;
}

function shardNumbers(c: TableContext, shards: number, bytes: number, bEff: number, mu: number): Pick<DynamoStreamUnits, 'shards' | 'recordsPerSec' | 'recordBytes' | 'effectiveBatchSize' | 'fullBatchMs' | 'shardCeilingPerSec' | 'concurrency'> {
  const k = c.t.stream.consumer;
  return {
    shards: explain(shards, {
      key: 'stream.shards',
      label: 'Active stream shards (estimate)',
      unit: '',
      formula: '≈ partitions',
      inputs: { partitions: shards },
      why: 'Practitioners observe about one active shard per partition; AWS does not state the mapping (DOMAIN.md I.1 [S]). Shards split under heavy writes and roll over about every 4 h.',
    }),
    recordsPerSec: explain(c.writeOps, {
      key: 'stream.recordsPerSec',
      label: 'Stream records at peak',
      unit: '/s',
      formula: 'item writes/s',
      inputs: { writeOpsPerSec: round(c.writeOps, 3) },
      why: 'One record per item change, whatever the GSIs; a write that changes nothing writes no record, so this is an upper bound (DOMAIN.md I.1).',
    }),
    recordBytes: explain(bytes, {
      key: 'stream.recordBytes',
      label: `Record size (${c.t.stream.viewType})`,
      unit: 'B',
      formula: c.t.stream.viewType === 'NEW_AND_OLD_IMAGES' ? '2 × write item size' : c.t.stream.viewType === 'KEYS_ONLY' ? 'keys only (≈ 100 B, assumed)' : 'write item size',
      inputs: { writeItemSizeBytes: round(meanBytes(sizesFor(c.t, 'write')), 1), viewType: c.t.stream.viewType },
      why: 'The view type decides what a record carries (DOMAIN.md I.1); it limits how many records fit the 6 MB invoke payload.',
    }),
    effectiveBatchSize: explain(bEff, {
      key: 'stream.effectiveBatchSize',
      label: 'Records per full batch',
      unit: '',
      formula: 'min(batch size, floor(6 MB / record size))',
      inputs: { batchSize: k.batchSize, recordBytes: round(bytes, 1) },
      why: 'Lambda invokes when the batch is full, the window ends, or the payload reaches 6 MB (DOMAIN.md I.2). Batches above 1,000 need several GetRecords calls [U].',
    }),
    fullBatchMs: explain(batchSeconds(k, bEff) * 1000, {
      key: 'stream.fullBatchMs',
      label: 'Duration of a full batch',
      unit: 'ms',
      formula: 'fixed ms + per-record ms × records',
      inputs: { fixedMsPerBatch: k.fixedMsPerBatch, perRecordMs: k.perRecordMs, records: bEff },
      why: 'The function’s own time; Lambda runs batches of one shard at most parallelization-factor at a time.',
    }),
    shardCeilingPerSec: explain(mu, {
      key: 'stream.shardCeilingPerSec',
      label: 'Records/s one shard’s consumers sustain',
      unit: '/s',
      formula: 'parallelization × full batch / full batch duration',
      inputs: { parallelizationFactor: k.parallelizationFactor, records: bEff, fullBatchMs: round(batchSeconds(k, bEff) * 1000, 3) },
      why: 'With a backlog every batch is full, so this is the most a shard can drain (DOMAIN.md I.3).',
    }),
    concurrency: explain(shards * k.parallelizationFactor, {
      key: 'stream.concurrency',
      label: 'Lambda concurrent executions (at most)',
      unit: '',
      formula: 'shards × parallelization factor',
      inputs: { shards, parallelizationFactor: k.parallelizationFactor },
      why: 'AWS: at most shards × ParallelizationFactor concurrent invocations (DOMAIN.md I.2); they count against the account’s Lambda concurrency.',
    }),
  };
}

function hotShardNumbers(
  c: TableContext,
  hotShare: number,
  hotPeak: number,
  mu: number,
  shards: number,
): Pick<DynamoStreamUnits, 'hottestShardShare' | 'hottestShardPerSec' | 'shardUtilisation' | 'throughputPerSec' | 'keepsUp'> {
  const util = mu > 0 && Number.isFinite(mu) ? hotPeak / mu : 0;
  return {
    hottestShardShare: explain(hotShare, {
      key: 'stream.hottestShardShare',
      label: 'Hottest shard share of the records',
      unit: 'share',
      formula: 'max(hottest-key share, 1 / shards)',
      inputs: { hotKeyShare: round(c.t.hottestKeyShare, 4), shards },
      why: 'Records of one item stay in one shard in order, so the hot key’s shard gets its whole share (DOMAIN.md I.1).',
    }),
    hottestShardPerSec: explain(hotPeak, {
      key: 'stream.hottestShardPerSec',
      label: 'Records/s on the hottest shard at peak',
      unit: '/s',
      formula: 'item writes/s × hottest shard share',
      inputs: { writeOpsPerSec: round(c.writeOps, 3), hottestShardShare: round(hotShare, 4) },
      why: 'The consumers keep up only if the busiest shard keeps up.',
    }),
    shardUtilisation: explain(util, {
      key: 'stream.shardUtilisation',
      label: 'Hottest shard: arrivals / what it sustains',
      unit: 'share',
      formula: 'records/s on the hottest shard / shard ceiling',
      inputs: { hottestShardPerSec: round(hotPeak, 3), shardCeilingPerSec: round(mu, 3) },
      why: 'Above 100% the backlog and IteratorAge grow for as long as the peak lasts (DOMAIN.md I.3).',
    }),
    throughputPerSec: explain(Math.min(hotPeak, mu), {
      key: 'stream.throughputPerSec',
      label: 'Hottest shard processed at peak',
      unit: '/s',
      formula: 'min(arrivals, shard ceiling)',
      inputs: { hottestShardPerSec: round(hotPeak, 3), shardCeilingPerSec: round(mu, 3) },
      why: 'A shard processes what arrives, up to what its consumers sustain.',
    }),
    keepsUp: explain<boolean>(util <= 1, {
      key: 'stream.keepsUp',
      label: 'Consumers keep up at peak',
      unit: '',
      formula: 'hottest shard arrivals ≤ shard ceiling',
      inputs: { shardUtilisation: round(util, 4) },
      why: 'Raising the parallelization factor “helps scale up the processing throughput when … the IteratorAge is high” (DOMAIN.md I.3).',
    }),
  };
}

/** When the record being read would be older than 24 h: simulated, or extrapolated from the daily gain. */
export function retentionLossS(hotPeak: number, shape: readonly number[], mu: number, p2a: number): number | null {
  const sim = simulateShardAge(hotPeak, shape, mu, AGE_SIM_DAYS);
  const hit = sim.find((p) => p.ageS >= RETENTION_S);
  if (hit) return (hit.minute + 1) * 60;
  const avg = hotPeak / p2a;
  if (!(avg > mu)) return null;
  // Falls behind on average: after the simulated days the age gains (1 − μ / average) s per second.
  const last = sim[sim.length - 1]?.ageS ?? 0;
  const gainPerS = 1 - mu / avg;
  return AGE_SIM_DAYS * 86400 + (RETENTION_S - last) / gainPerS;
}

function ageNumbers(c: TableContext, hotPeak: number, mu: number, maxAge: number): Pick<DynamoStreamUnits, 'ageGrowthPerSec' | 'maxIteratorAgeS' | 'retentionLossH' | 'alarmIteratorAgeMs'> {
  const k = c.t.stream.consumer;
  const growth = mu > 0 && Number.isFinite(mu) && hotPeak > mu ? 1 - mu / hotPeak : 0;
  const lossS = growth > 0 ? retentionLossS(hotPeak, c.shape, mu, c.p2a) : null;
  // A consumer that keeps up reads records within a window + a poll + a few batches; 4× that, at
  // least a minute, is a clear sign it has fallen behind.
  const alarmMs = Math.round(Math.max(60_000, 4 * (k.batchingWindowS + POLL_INTERVAL_S + batchSeconds(k, k.batchSize)) * 1000));
  return {
    ageGrowthPerSec: explain(growth, {
      key: 'stream.ageGrowthPerSec',
      label: 'IteratorAge growth at peak',
      unit: 's/s',
      formula: 'arrivals > ceiling ? 1 − ceiling / arrivals : 0',
      inputs: { hottestShardPerSec: round(hotPeak, 3), shardCeilingPerSec: round(mu, 3) },
      why: 'In a backlog that started t seconds ago, the record being read arrived at t × ceiling / arrivals, so its age (IteratorAge) grows by 1 − ceiling / arrivals seconds each second.',
    }),
    maxIteratorAgeS: explain(maxAge, {
      key: 'stream.maxIteratorAgeS',
      label: 'Highest IteratorAge in the first day',
      unit: 's',
      formula: 'fluid FIFO of the hottest shard through the daily curve',
      inputs: { hottestShardPerSec: round(hotPeak, 3), shardCeilingPerSec: round(mu, 3), peakToAverage: c.p2a },
      why: 'Age of the record being read, minute by minute, starting with an empty stream; polling and the batching window add up to a window + 0.25 s on top (DOMAIN.md I.3).',
    }),
    retentionLossH: explain<number | null>(lossS === null ? null : lossS / 3600, {
      key: 'stream.retentionLossH',
      label: 'Records pass the 24 h retention after',
      unit: 'h',
      formula: lossS === null ? 'the backlog drains every day: never' : 'first time the record being read is 24 h old',
      inputs: { hottestShardPerSec: round(hotPeak, 3), shardCeilingPerSec: round(mu, 3), averagePerSec: round(hotPeak / c.p2a, 3) },
      why: 'Stream records older than 24 h can be trimmed at any moment: data loss (DOMAIN.md I.1).',
    }),
    alarmIteratorAgeMs: explain(alarmMs, {
      key: 'stream.alarmIteratorAgeMs',
      label: 'IteratorAge alarm threshold',
      unit: 'ms',
      formula: 'max(60 s, 4 × (batching window + 0.25 s poll + full batch duration))',
      inputs: { batchingWindowS: k.batchingWindowS, fullBatchMs: round(batchSeconds(k, k.batchSize) * 1000, 1) },
      why: 'AWS publishes no recommended threshold (DOMAIN.md I.3 [U]); a consumer that keeps up stays well under this.',
    }),
  };
}

/** The smallest change that keeps up at peak: parallelization, batch size, or a faster function. */
function fixNumbers(k: StreamConsumer, hotPeak: number, bEff: number): Pick<DynamoStreamUnits, 'neededParallelization' | 'neededBatchSize' | 'maxPerRecordMs'> {
  let pf: number | null = null;
  for (let p = 1; p <= 10; p++) {
    if (shardCeiling(k, bEff, p) >= hotPeak) {
      pf = p;
      break;
    }
  }
  const perRecS = k.perRecordMs / 1000;
  const fixedS = k.fixedMsPerBatch / 1000;
  const room = k.parallelizationFactor - hotPeak * perRecS;
  const batch = room > 0 ? Math.max(1, Math.ceil((hotPeak * fixedS) / room - 1e-9)) : null;
  // Capped at the input's own limit (60 s per record): a quiet shard allows any speed.
  const maxPerRecord = hotPeak > 0 ? Math.min(60_000, Math.max(0, ((k.parallelizationFactor * bEff) / hotPeak - fixedS) / bEff) * 1000) : null;
  return {
    neededParallelization: explain<number | null>(pf, {
      key: 'stream.neededParallelization',
      label: 'Parallelization factor that is enough',
      unit: '',
      formula: 'smallest PF in 1–10 with PF × full batch / duration ≥ hottest shard records/s',
      inputs: { hottestShardPerSec: round(hotPeak, 3), records: bEff, fullBatchMs: round(batchSeconds(k, bEff) * 1000, 3) },
      why: pf === null ? 'Even 10 concurrent batches per shard are not enough: use bigger batches or a faster function.' : 'ParallelizationFactor runs up to 10 batches of one shard at once, keeping per-item order (DOMAIN.md I.2).',
    }),
    neededBatchSize: explain<number | null>(batch, {
      key: 'stream.neededBatchSize',
      label: 'Batch size that is enough (this PF)',
      unit: '',
      formula: 'ceil(λ × fixed / (PF − λ × per-record)), λ = hottest shard records/s',
      inputs: { hottestShardPerSec: round(hotPeak, 3), fixedMsPerBatch: k.fixedMsPerBatch, perRecordMs: k.perRecordMs, parallelizationFactor: k.parallelizationFactor },
      why: batch === null ? 'The per-record time alone exceeds what this parallelization allows: no batch size is enough.' : 'Bigger batches spread the fixed time per invocation over more records.',
    }),
    maxPerRecordMs: explain<number | null>(maxPerRecord, {
      key: 'stream.maxPerRecordMs',
      label: 'Per-record time that is enough (this PF, batch)',
      unit: 'ms',
      formula: '(PF × batch / λ − fixed) / batch',
      inputs: { hottestShardPerSec: round(hotPeak, 3), parallelizationFactor: k.parallelizationFactor, records: bEff, fixedMsPerBatch: k.fixedMsPerBatch },
      why: 'How fast the function must handle one record for the hottest shard to keep up at peak.',
    }),
  };
}

function costVolumes(
  c: TableContext,
  avgPerShard: number,
  avgBatch: number,
  invocationsPerSec: number,
  shards: number,
): Pick<DynamoStreamUnits, 'averageBatchSize' | 'invocationsPerSec' | 'gbSecondsPerSec'> {
  const k = c.t.stream.consumer;
  const gbs = invocationsPerSec * batchSeconds(k, avgBatch) * (k.memoryMB / 1024);
  return {
    averageBatchSize: explain(avgBatch, {
      key: 'stream.averageBatchSize',
      label: 'Records per batch, daily average',
      unit: '',
      formula: 'min(full batch, max(1, records/s per shard × max(window, batch duration / PF))), or × 0.25 s poll when under 1',
      inputs: { averagePerShard: round(avgPerShard, 4), batchingWindowS: k.batchingWindowS, parallelizationFactor: k.parallelizationFactor },
      why: 'A consumer that keeps up invokes with what gathered since the last batch; the batching window makes batches bigger and invocations fewer (DOMAIN.md I.2).',
    }),
    invocationsPerSec: explain(invocationsPerSec, {
      key: 'stream.invocationsPerSec',
      label: 'Lambda invocations, daily average',
      unit: '/s',
      formula: 'shards × records/s per shard / records per batch',
      inputs: { shards, averagePerShard: round(avgPerShard, 4), averageBatchSize: round(avgBatch, 3) },
      why: 'Each invocation is one billed request; retries of failed batches are extra and not counted here.',
    }),
    gbSecondsPerSec: explain(gbs, {
      key: 'stream.gbSecondsPerSec',
      label: 'Lambda GB-seconds per second, daily average',
      unit: 'GB-s/s',
      formula: 'invocations/s × batch duration × memory GB',
      inputs: { invocationsPerSec: round(invocationsPerSec, 4), batchMs: round(batchSeconds(k, avgBatch) * 1000, 3), memoryMB: k.memoryMB },
      why: 'Lambda bills duration × configured memory (DOMAIN.md I.4).',
    }),
  };
}

