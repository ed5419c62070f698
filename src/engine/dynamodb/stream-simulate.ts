/**
 * A seeded discrete-event simulation of one DynamoDB stream shard and its Lambda consumers, to
 * check the closed forms of ./streams.ts (issue 18 item 3). Records arrive as a Poisson process;
 * Lambda polls the shard 4 times a second while idle (DOMAIN.md I.2); up to PF batches of the shard
 * run at once; a batch takes up to `batch size` records in order, after the batching window if one
 * is set; a finished batch polls again at once when records are waiting ("polling continues").
 * IteratorAge is measured as AWS defines it: when the batch is received, minus when its last record
 * was written (DOMAIN.md I.3). PURE: the random generator is passed in.
 */
import type { StreamConsumer } from '../../plan/dynamodb-schema';
import { exponential, type Rng } from '../perf/rng';
import { batchSeconds, POLL_INTERVAL_S } from './streams';

export interface ShardSimResult {
  /** Records processed per second over the run. */
  throughputPerSec: number;
  invocations: number;
  meanBatch: number;
  /** IteratorAge of the last batch received (s) and the largest seen. */
  lastIteratorAgeS: number;
  maxIteratorAgeS: number;
  meanIteratorAgeS: number;
}

/** Simulate `horizonS` seconds of one shard at `ratePerSec` arrivals, starting empty. */
export function simulateShard(rng: Rng, ratePerSec: number, consumer: StreamConsumer, maxBatch: number, horizonS: number): ShardSimResult {
  const arrivals: number[] = [];
  for (let t = exponential(rng, 1 / ratePerSec); t < horizonS; t += exponential(rng, 1 / ratePerSec)) arrivals.push(t);
  const pf = consumer.parallelizationFactor;
  const slotsFreeAt: number[] = Array.from({ length: pf }, () => 0);
  let next = 0;
  let processed = 0;
  let invocations = 0;
  let batched = 0;
  let ageSum = 0;
  let maxAge = 0;
  let lastAge = 0;
  let clock = 0;
  while (next < arrivals.length) {
    // The earliest free slot takes the next batch.
    let slot = 0;
    for (let i = 1; i < pf; i++) if ((slotsFreeAt[i] ?? 0) < (slotsFreeAt[slot] ?? 0)) slot = i;
    const free = Math.max(clock, slotsFreeAt[slot] ?? 0);
    const first = arrivals[next] ?? horizonS;
    // Idle: the poller sees records at its next tick after they arrive; busy: at once.
    let start = first <= free ? free : Math.ceil(first / POLL_INTERVAL_S) * POLL_INTERVAL_S;
    if (consumer.batchingWindowS > 0) {
      const full = arrivals[next + maxBatch - 1];
      const windowEnd = Math.max(start, first + consumer.batchingWindowS);
      start = full !== undefined && full < windowEnd ? Math.max(start, full) : windowEnd;
    }
    if (start >= horizonS) break;
    let end = next;
    while (end < arrivals.length && end - next < maxBatch && (arrivals[end] ?? Infinity) <= start) end++;
    const n = end - next;
    if (n === 0) {
      clock = start;
      continue;
    }
    const age = start - (arrivals[end - 1] ?? start);
    ageSum += age;
    maxAge = Math.max(maxAge, age);
    lastAge = age;
    invocations++;
    batched += n;
    const done = start + batchSeconds(consumer, n);
    slotsFreeAt[slot] = done;
    if (done <= horizonS) processed += n;
    next = end;
    // With more slots the next batch may start now; with one it waits for this one.
    clock = pf > 1 ? start : done;
  }
  return {
    throughputPerSec: processed / horizonS,
    invocations,
    meanBatch: invocations > 0 ? batched / invocations : 0,
    lastIteratorAgeS: lastAge,
    maxIteratorAgeS: maxAge,
    meanIteratorAgeS: invocations > 0 ? ageSum / invocations : 0,
  };
}
