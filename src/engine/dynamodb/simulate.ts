/**
 * A deterministic day of traffic and DynamoDB auto scaling, minute by minute.
 *
 * Traffic shape: a raised cosine peaking at 14:00 UTC whose peak / mean equals the plan's
 * peak-to-average ratio. Up to 2× it is `base + (1 − base) · (1 + cos θ) / 2`; above 2× the base
 * would go negative, so the shape becomes `((1 + cos θ) / 2)^k` with k solved so the mean is
 * 1 / ratio (a narrower peak on a quiet day).
 *
 * Auto scaling, simplified from DOMAIN.md D.2 (target tracking):
 * - scale UP after 2 consecutive one-minute datapoints above target, to ceil(consumed / target)
 *   (clamped to min..max); the UpdateTable call lands UPDATE_LAG_MIN minutes later [U: AWS only
 *   says it "takes minutes"];
 * - scale DOWN after 15 consecutive datapoints below target, to ceil(consumed / target);
 * - decreases per UTC day: 4 in the first hour, then one more per hour (≤ 27 a day); a decrease
 *   over budget is skipped and retried the next minute;
 * - burst: unused capacity accrues in a bucket of at most 300 s × provisioned (D.2); demand above
 *   provisioned drains it, and once it is empty the excess is throttled.
 * Two days are simulated and the second is reported, so the start-of-day state is the steady
 * cycle rather than a cold start. Per-minute granularity hides per-second spikes (D.2: throttling
 * is per second while CloudWatch is per minute).
 */
import { BURST_SECONDS } from './units';

export const MINUTES_PER_DAY = 1440;
export const PEAK_MINUTE = 14 * 60;
export const SCALE_UP_DATAPOINTS = 2;
export const SCALE_DOWN_DATAPOINTS = 15;
export const UPDATE_LAG_MIN = 2;
export const DECREASES_FIRST_HOUR = 4;
export const MAX_DECREASES_PER_DAY = 27;

/** Shapes by ratio: solving k costs ~1 ms and the panel re-sizes on every keystroke. Deterministic. */
const shapeCache = new Map<number, readonly number[]>();
const SHAPE_CACHE_MAX = 64;

/** Relative load per minute (max 1 at the peak, mean 1 / peakToAverage). */
export function dailyShape(peakToAverage: number): readonly number[] {
  const ratio = Number.isFinite(peakToAverage) ? Math.max(1, peakToAverage) : 1;
  const cached = shapeCache.get(ratio);
  if (cached) return cached;
  const shape = Object.freeze(computeShape(ratio));
  if (shapeCache.size >= SHAPE_CACHE_MAX) shapeCache.clear();
  shapeCache.set(ratio, shape);
  return shape;
}

function computeShape(ratio: number): number[] {
  const bump = Array.from({ length: MINUTES_PER_DAY }, (_, m) => (1 + Math.cos((2 * Math.PI * (m - PEAK_MINUTE)) / MINUTES_PER_DAY)) / 2);
  if (ratio <= 2) {
    const base = 2 / ratio - 1;
    return bump.map((b) => base + (1 - base) * b);
  }
  const target = 1 / ratio;
  const meanOf = (k: number) => bump.reduce((s, b) => s + Math.pow(b, k), 0) / MINUTES_PER_DAY;
  // Mean falls monotonically with k; bisect on log k.
  let lo = 0;
  let hi = Math.log(1e8);
  for (let i = 0; i < 45; i++) {
    const mid = (lo + hi) / 2;
    if (meanOf(Math.exp(mid)) > target) lo = mid;
    else hi = mid;
  }
  const k = Math.exp((lo + hi) / 2);
  return bump.map((b) => Math.pow(b, k));
}

export interface ScalingSettings {
  minUnits: number;
  maxUnits: number;
  targetPct: number;
}

export interface DayPoint {
  minute: number;
  consumed: number;
  provisioned: number;
  /** Demand not served in this minute (units/s averaged over the minute). */
  throttled: number;
}

export interface Span {
  startMinute: number;
  /** Exclusive. */
  endMinute: number;
}

export interface DaySimulation {
  points: DayPoint[];
  meanConsumed: number;
  meanProvisioned: number;
  maxProvisioned: number;
  throttledMinutes: number;
  /** Total demand throttled over the day, in unit-seconds. */
  throttledUnitSeconds: number;
  spans: Span[];
  increases: number;
  decreases: number;
  /** Minutes a wanted decrease was refused by the daily budget. */
  decreasesBlocked: number;
}

/** ceil that ignores float noise: 700 / 0.7 is 1000.0000000000001 in binary floating point. */
export const ceilUnits = (n: number) => Math.ceil(Math.round(n * 1e9) / 1e9);

const clampUnits = (n: number, s: ScalingSettings) => Math.min(s.maxUnits, Math.max(s.minUnits, Math.max(1, ceilUnits(n))));

/** Simulate auto scaling ('provisioned') or a fixed capacity ('fixed', e.g. on-demand's view). */
export function simulateDay(peakUnits: number, shape: readonly number[], scaling: ScalingSettings): DaySimulation {
  const peak = Number.isFinite(peakUnits) ? Math.max(0, peakUnits) : 0;
  const t = Math.min(0.9, Math.max(0.2, scaling.targetPct / 100));
  const at = (m: number) => peak * (shape[m % shape.length] ?? 0);
  const desired = (c: number) => clampUnits((c * 100) / Math.min(90, Math.max(20, scaling.targetPct)), scaling);

  let p = desired(at(0));
  let bucket = BURST_SECONDS * p;
  let above = 0;
  let below = 0;
  let pending: { at: number; value: number } | null = null;
  let decreasesToday = 0;
  const points: DayPoint[] = [];
  let increases = 0;
  let decreases = 0;
  let decreasesBlocked = 0;

  for (let m = 0; m < 2 * MINUTES_PER_DAY; m++) {
    const dm = m % MINUTES_PER_DAY;
    const record = m >= MINUTES_PER_DAY;
    if (dm === 0) decreasesToday = 0;
    if (pending && m >= pending.at) {
      if (pending.value > p) {
        p = pending.value;
        if (record) increases++;
      }
      pending = null;
    }
    const c = at(m);
    const surplus = (p - c) * 60;
    let throttled = 0;
    if (surplus >= 0) {
      bucket = Math.min(BURST_SECONDS * p, bucket + surplus);
    } else {
      const need = -surplus;
      const used = Math.min(bucket, need);
      bucket -= used;
      throttled = (need - used) / 60;
    }
    if (record) points.push({ minute: dm, consumed: c, provisioned: p, throttled });

    above = c > t * p ? above + 1 : 0;
    below = c < t * p ? below + 1 : 0;
    if (above >= SCALE_UP_DATAPOINTS && pending === null) {
      const want = desired(c);
      if (want > p) pending = { at: m + UPDATE_LAG_MIN, value: want };
      above = 0;
    }
    if (below >= SCALE_DOWN_DATAPOINTS && pending === null) {
      const want = desired(c);
      if (want < p) {
        const budget = Math.min(MAX_DECREASES_PER_DAY, DECREASES_FIRST_HOUR + Math.floor(dm / 60));
        if (decreasesToday < budget) {
          p = want;
          bucket = Math.min(bucket, BURST_SECONDS * p);
          decreasesToday++;
          if (record) decreases++;
          below = 0;
        } else if (record) {
          decreasesBlocked++;
        }
      } else {
        below = 0;
      }
    }
  }

  const spans: Span[] = [];
  let throttledMinutes = 0;
  let throttledUnitSeconds = 0;
  let meanConsumed = 0;
  let meanProvisioned = 0;
  let maxProvisioned = 0;
  for (const pt of points) {
    meanConsumed += pt.consumed;
    meanProvisioned += pt.provisioned;
    maxProvisioned = Math.max(maxProvisioned, pt.provisioned);
    if (pt.throttled > 0) {
      throttledMinutes++;
      throttledUnitSeconds += pt.throttled * 60;
      const last = spans[spans.length - 1];
      if (last && last.endMinute === pt.minute) last.endMinute = pt.minute + 1;
      else spans.push({ startMinute: pt.minute, endMinute: pt.minute + 1 });
    }
  }
  meanConsumed /= MINUTES_PER_DAY;
  meanProvisioned /= MINUTES_PER_DAY;
  return { points, meanConsumed, meanProvisioned, maxProvisioned, throttledMinutes, throttledUnitSeconds, spans, increases, decreases, decreasesBlocked };
}
