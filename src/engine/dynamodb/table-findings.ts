/**
 * Findings about one table that hold whatever the prices: scans, auto scaling bounds, throttling in
 * the simulated day, spikes, hot keys, quotas, GSIs, transactions (DOMAIN.md D.1, D.2). Each
 * function reads the table's units and returns its findings; the cost findings live in
 * ./table-cost.ts.
 */
import { round } from '../explain';
import { SCALE_UP_REACTION_S, readUnitsPerCall, type TableContext, type TableSims } from './table-units';
import type { DynamoFinding, DynamoTableUnits } from './types';
import { PARTITION_RCU, PARTITION_WCU, TABLE_QUOTA_UNITS } from './units';

export type NewFinding = Omit<DynamoFinding, 'layer'>;

export const pct = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const n = (v: number) => v.toLocaleString('en-US');

/** Finding ids are `ddb-<table>-<kind>`: stable, so the UI and tests can find them. */
export const findingId = (table: string, kind: string) => `ddb-${table}-${kind}`;

/** Peak need against the auto scaling maximum, for reads, writes and each GSI. */
export function capacityBoundFindings(c: TableContext, u: DynamoTableUnits): NewFinding[] {
  const { t, a } = c;
  if (!c.provisioned) return [];
  const out: NewFinding[] = [];
  const check = (what: string, peak: number, max: number, targetPct: number, unit: string, key: string) => {
    if (peak > max) {
      out.push({
        id: findingId(t.name, `${key}-over-max`),
        severity: 'error',
        message: `${t.name}: ${what} at peak needs ${n(Math.ceil(peak))} ${unit}, above the auto scaling maximum of ${n(max)}: requests are throttled at peak.`,
        fix: `Raise the maximum ${unit} to at least ${n(Math.ceil(peak / (targetPct / 100)))}, or switch to on-demand.`,
        source: 'DOMAIN.md D.2',
      });
    } else if (peak / (targetPct / 100) > max) {
      out.push({
        id: findingId(t.name, `${key}-at-max`),
        severity: 'warning',
        message: `${t.name}: at peak ${what} reaches ${pct(peak / max, 0)} of the maximum ${n(max)} ${unit}, above the ${targetPct}% target: no headroom for spikes.`,
        fix: `Raise the maximum ${unit} to ${n(Math.ceil(peak / (targetPct / 100)))}.`,
        source: 'DOMAIN.md D.2',
      });
    }
  };
  check('reads', u.peakRcu.value, a.maxRcu, a.readTargetPct, 'RCU', 'rcu');
  check('writes', u.peakWcu.value, a.maxWcu, a.writeTargetPct, 'WCU', 'wcu');
  u.gsis.forEach((g) => check(`index ${g.name} writes`, g.peakWcu.value, a.maxWcu, a.writeTargetPct, 'WCU', `gsi-${g.name}`));
  u.gsis.forEach((g) => check(`index ${g.name} reads`, g.peakRcu.value, a.maxRcu, a.readTargetPct, 'RCU', `gsi-${g.name}-reads`));
  return out;
}

/** What the simulated day and a sudden spike show about auto scaling. */
export function scalingDayFindings(c: TableContext, u: DynamoTableUnits, sims: TableSims): NewFinding[] {
  const { t } = c;
  if (!c.provisioned) return [];
  const out: NewFinding[] = [];
  const throttledMinutes = u.throttledMinutesPerDay.value;
  const firstSpan = [sims.readSim, sims.writeSim, ...sims.gsiSims, ...sims.gsiReadSims].flatMap((s) => s.spans).sort((x, y) => x.startMinute - y.startMinute)[0];
  if (throttledMinutes > 0 && firstSpan) {
    out.push({
      id: findingId(t.name, 'throttled-day'),
      severity: 'warning',
      message: `${t.name}: in the simulated day, demand exceeds provisioned capacity plus burst for ${throttledMinutes} minute(s), first at ${hhmm(firstSpan.startMinute)} UTC: auto scaling reacts too slowly for this ramp.`,
      fix: 'Lower the target utilisation, raise the minimum capacity ahead of the daily ramp (scheduled scaling), or use on-demand.',
      source: 'DOMAIN.md D.2',
    });
  }
  const spikes = [u.readSpikeThrottleStartsS.value, u.writeSpikeThrottleStartsS.value].filter((v): v is number => v !== null);
  const firstSpike = spikes.length > 0 ? Math.min(...spikes) : null;
  if (firstSpike !== null && firstSpike < SCALE_UP_REACTION_S) {
    out.push({
      id: findingId(t.name, 'spike'),
      severity: 'warning',
      message: `${t.name}: a sudden jump from average to peak traffic empties the 300 s burst bucket after ${Math.round(firstSpike)} s, before auto scaling can react (≥ ${SCALE_UP_REACTION_S} s): expect throttling on sudden spikes.`,
      fix: 'Auto scaling does not help with spikes: keep a lower target, a higher minimum, or use on-demand for spiky traffic.',
      source: 'DOMAIN.md D.2',
    });
  }
  const blocked = sims.readSim.decreasesBlocked + sims.writeSim.decreasesBlocked;
  if (blocked > 0) {
    out.push({
      id: findingId(t.name, 'decrease-budget'),
      severity: 'info',
      message: `${t.name}: the daily limit on capacity decreases (4 in the first hour, then 1 per hour, ≤ 27) kept capacity above need for ${blocked} minute(s) of the day.`,
      fix: 'Expected with a large daily swing; it costs a little, nothing breaks.',
      source: 'DOMAIN.md D.2',
    });
  }
  out.push(...maximaFindings(c, u));
  return out;
}

/**
 * Service Quotas is where a per-table throughput quota is raised. The quota names are as the
 * console lists them for DynamoDB [U: read from AWS documentation, not from a primary page here].
 */
export const QUOTA_STEP =
  'Service Quotas console → AWS services → Amazon DynamoDB → "Table-level read throughput limit" / "Table-level write throughput limit" → Request increase (per account and Region; wait for approval before deploying)';

/** The entered auto scaling maxima of the table and its GSIs sum above the quota: the files lower them. */
function maximaFindings(c: TableContext, u: DynamoTableUnits): NewFinding[] {
  const ct = u.capacityTargets;
  if (!ct || !(ct.maxCapped.read || ct.maxCapped.write)) return [];
  const entered = (dim: 'read' | 'write') => ct.targets.filter((x) => x.dimension === dim).reduce((s, x) => s + x.enteredMaxUnits, 0);
  return [
    {
      id: findingId(c.t.name, 'max-over-quota'),
      severity: 'warning',
      message:
        `${c.t.name}: the auto scaling maxima of the table and its ${u.gsis.length} GSI(s) add up to ${n(entered('read'))} RCU / ${n(entered('write'))} WCU, ` +
        `above the per-table quota of ${n(ct.quotaRcu.value)} RCU / ${n(ct.quotaWcu.value)} WCU (table + GSIs): the exported files lower the maxima to fit it.`,
      fix: `To scale that far, request a higher per-table quota first (${QUOTA_STEP}), then raise the maxima in the files.`,
      source: 'DOMAIN.md D.2',
    },
  ];
}

/** Hot keys beyond one partition, and the per-table quota. */
export function partitionQuotaFindings(c: TableContext, u: DynamoTableUnits): NewFinding[] {
  const { t } = c;
  const out: NewFinding[] = [];
  const wShard = u.writeShardingFactor.value;
  if (u.hotKeyWcu.value > PARTITION_WCU) {
    out.push({
      id: findingId(t.name, 'hot-key-writes'),
      severity: 'error',
      message: `${t.name}: the hottest key takes ${n(Math.round(u.hotKeyWcu.value))} WCU at peak, above the 1,000 WCU a single partition can serve: its writes are throttled whatever the table capacity.`,
      fix: `Shard the hot key's writes ${wShard} ways (key#1..key#${wShard}) and read them back with ${wShard} queries, or spread the traffic over more key values.`,
      source: 'DOMAIN.md D.2, F.7',
    });
  }
  if (u.hotKeyRcu.value > PARTITION_RCU) {
    out.push({
      id: findingId(t.name, 'hot-key-reads'),
      severity: 'error',
      message: `${t.name}: the hottest key takes ${n(Math.round(u.hotKeyRcu.value))} RCU at peak, above the 3,000 RCU a single partition can serve.`,
      fix: `Cache the hot item (DAX or in the app), use eventually consistent reads (half the RCU), or keep ${u.readShardingFactor.value} copies under different keys.`,
      source: 'DOMAIN.md D.2, F.7',
    });
  }
  const quotaRcu = u.tablePeakRcuForQuota.value;
  const quotaWcu = u.tablePeakWcuForQuota.value;
  if (quotaRcu > TABLE_QUOTA_UNITS || quotaWcu > TABLE_QUOTA_UNITS) {
    out.push({
      id: findingId(t.name, 'table-quota'),
      severity: 'error',
      message: `${t.name}: peak ${c.provisioned ? 'provisioned' : 'consumed'} capacity (${n(Math.round(quotaRcu))} read / ${n(Math.round(quotaWcu))} write units, table + GSIs) exceeds the default per-table quota of 40,000.`,
      fix: `Request a per-table quota of at least ${n(Math.ceil(Math.max(quotaRcu, quotaWcu)))} units before deploying (${QUOTA_STEP}), or split the data over several tables.`,
      source: 'DOMAIN.md D.2',
    });
  }
  return out;
}

/** Access-pattern advice: scans, GSIs, transactions, no traffic. */
export function accessPatternFindings(c: TableContext, u: DynamoTableUnits): NewFinding[] {
  const { t } = c;
  const out: NewFinding[] = [];
  if (t.scanShare > 0) {
    out.push({
      id: findingId(t.name, 'scan'),
      severity: 'warning',
      message: `${t.name}: ${pct(t.scanShare, 0)} of read calls are Scans; each pays for ${n(t.itemsPerScan)} evaluated items (${readUnitsPerCall(t).scan} strong RCU), whatever the filter returns.`,
      fix: 'Serve the request path with Query on the table key or a GSI; run Scans off-peak with a small Limit.',
      source: 'DOMAIN.md D.1',
    });
  }
  if (t.gsis.length > 0) {
    const gsiPeak = u.gsis.reduce((s, g) => s + g.peakWcu.value, 0);
    out.push({
      id: findingId(t.name, 'gsi-wcu'),
      severity: 'info',
      message: `${t.name}: ${t.gsis.length} GSI(s) add ${round(gsiPeak, 1)} WCU at peak; a GSI short of write capacity throttles writes to the base table.`,
      fix: 'Give each GSI at least the write capacity of the base table (AWS advice), and project only the attributes you read.',
      source: 'DOMAIN.md D.1',
    });
  }
  if (t.transactionalShare > 0 || t.transactionalWriteShare > 0) {
    out.push({
      id: findingId(t.name, 'transactions'),
      severity: 'info',
      message: `${t.name}: transactional reads and writes cost 2× (prepare + commit); SDK retries on TransactionInProgressException consume more.`,
      fix: 'Use transactions only where atomicity across items is needed.',
      source: 'DOMAIN.md D.1',
    });
  }
  if (t.source === 'per-request' && c.readOps === 0 && c.writeOps === 0) {
    out.push({
      id: findingId(t.name, 'no-traffic'),
      severity: 'info',
      message: `${t.name}: the web tier sends no dynamic requests, so this table gets no traffic.`,
      fix: 'Enter reads/s and writes/s directly, or raise the web tier’s load.',
    });
  }
  return out;
}

/** All price-free findings of a table, in a stable order. */
export function tableUnitFindings(c: TableContext, u: DynamoTableUnits, sims: TableSims): DynamoFinding[] {
  return [...capacityBoundFindings(c, u), ...scalingDayFindings(c, u, sims), ...partitionQuotaFindings(c, u), ...accessPatternFindings(c, u), ...streamFindings(c, u)].map((f) => ({
    ...f,
    layer: 'dynamodb' as const,
  }));
}

const fmt = (v: number, digits = 1) => (Math.round(v * 10 ** digits) / 10 ** digits).toLocaleString('en-US');

/** The stream's consumers against the hottest shard's peak, and failure handling (DOMAIN.md I.2, I.3). */
export function streamFindings(c: TableContext, u: DynamoTableUnits): NewFinding[] {
  const s = u.stream;
  if (!s) return [];
  const k = c.t.stream.consumer;
  const name = c.t.name;
  const out: NewFinding[] = [];
  if (!s.keepsUp.value) {
    const loss = s.retentionLossH.value;
    const fixes = [
      s.neededParallelization.value !== null ? `raise the parallelization factor to ${s.neededParallelization.value}` : null,
      s.neededBatchSize.value !== null && s.neededBatchSize.value <= 10_000 ? `raise the batch size to ${n(s.neededBatchSize.value)}` : null,
      s.maxPerRecordMs.value !== null ? `make the function take at most ${fmt(s.maxPerRecordMs.value, 2)} ms per record` : null,
    ].filter((x): x is string => x !== null);
    out.push({
      id: findingId(name, 'stream-behind'),
      severity: loss !== null ? 'error' : 'warning',
      message:
        `${name}: the stream's hottest shard gets ${fmt(s.hottestShardPerSec.value)} records/s at peak, but its consumers sustain ${fmt(s.shardCeilingPerSec.value)} ` +
        `(PF ${k.parallelizationFactor} × ${s.effectiveBatchSize.value} records / ${fmt(s.fullBatchMs.value)} ms): IteratorAge grows ${fmt(s.ageGrowthPerSec.value, 2)} s per second, up to ${fmt(s.maxIteratorAgeS.value / 60)} min in the first day` +
        (loss !== null ? `, and records pass the 24 h retention after ${fmt(loss)} h: data loss.` : '; the backlog drains off-peak.'),
      fix: fixes.length > 0 ? `Any one is enough: ${fixes.join('; or ')}.` : 'Split the hot key or move work out of the function: no consumer setting is enough.',
      source: 'DOMAIN.md I.2, I.3',
    });
  }
  if (k.maximumRetryAttempts === -1 && k.maximumRecordAgeS === -1) {
    out.push({
      id: findingId(name, 'stream-poison'),
      severity: 'warning',
      message: `${name}: the consumer retries a failing batch until its records expire (MaximumRetryAttempts −1, no maximum record age): one bad record blocks its shard for up to 24 h.`,
      fix: 'Set MaximumRetryAttempts (e.g. 2), BisectBatchOnFunctionError, ReportBatchItemFailures and an on-failure destination.',
      source: 'DOMAIN.md I.2',
    });
  } else if (k.onFailure === 'none') {
    out.push({
      id: findingId(name, 'stream-discard'),
      severity: 'warning',
      message: `${name}: records that exhaust their retries are discarded with no on-failure destination: lost without a trace.`,
      fix: 'Add an on-failure destination (a standard SQS queue or SNS topic).',
      source: 'DOMAIN.md I.2',
    });
  }
  if (k.batchSize > 1000) {
    out.push({
      id: findingId(name, 'stream-big-batch'),
      severity: 'info',
      message: `${name}: one GetRecords call returns at most 1,000 records / 1 MB, so batches of ${n(k.batchSize)} need several reads and a batching window to fill.`,
      fix: 'Set a batching window, or keep the batch size at 1,000 or less.',
      source: 'DOMAIN.md I.1, I.3',
    });
  }
  return out;
}
