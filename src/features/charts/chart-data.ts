/**
 * Chart data and summary sentences, with no Recharts import: this module is in the entry chunk
 * so the figures' headings and aria-label summaries render (and update) before the lazy chart
 * chunk has loaded.
 */
import type { SloSection } from '../../engine/analysis/types';
import { formatNumber, formatPercent, formatWithUnit, isFiniteNumber } from '../../components/format';
import type { ClosedPoint, OpenPoint, PerformanceResult } from '../../engine/types';
import type { MeasuredPoints } from '../../state/measured-points';

export interface LatencyDatum {
  rps: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface ThroughputDatum {
  users: number;
  throughput: number | null;
  mean: number | null;
}

/** Non-finite (saturated) points become gaps, never NaN in an SVG path. */
const f = (n: number): number | null => (isFiniteNumber(n) ? n : null);

export function latencyData(curve: readonly OpenPoint[]): LatencyDatum[] {
  return curve.filter((p) => isFiniteNumber(p.offeredRps)).map((p) => ({ rps: p.offeredRps, mean: f(p.meanMs), p50: f(p.p50Ms), p95: f(p.p95Ms), p99: f(p.p99Ms) }));
}

export function throughputData(curve: readonly ClosedPoint[]): ThroughputDatum[] {
  return curve.filter((p) => isFiniteNumber(p.users)).map((p) => ({ users: p.users, throughput: f(p.throughputRps), mean: f(p.meanMs) }));
}

/** Clip the latency axis at 4 × SLO (up to its next round tick) so the knee stays visible instead of a wall near saturation. */
export function latencyYMax(sloMs: number): number {
  const max = isFiniteNumber(sloMs) && sloMs > 0 ? sloMs * 4 : 1000;
  return roundTicks(max).at(-1) ?? max;
}

/**
 * The engine's curve runs to 1.5 × capacity, where latency is a vertical wall; stopping the x axis
 * a little past the knee (but never before the planned load) gives the bend most of the width.
 */
export function latencyXMax(perf: PerformanceResult, data: readonly LatencyDatum[]): number {
  const last = data.length > 0 ? (data[data.length - 1]?.rps ?? 0) : 0;
  const candidates = [perf.capacityRps.value * 1.15, perf.sloMaxRps.value * 1.3, perf.plannedRps * 1.1].filter((n) => isFiniteNumber(n) && n > 0);
  const want = candidates.length > 0 ? Math.max(...candidates) : last;
  const x = last > 0 ? Math.min(last, want) : want || 1;
  // The axis ends on its last round tick (489.9 → 500).
  return roundTicks(x).at(-1) ?? x;
}

export function latencySummary(perf: PerformanceResult, atPlanned: Pick<SloSection, 'percentile' | 'atPlannedMs' | 'offeredOverCapacity'>): string {
  const cap = formatWithUnit(perf.capacityRps.value, 'rps');
  const sloMax = perf.sloMaxRps.value;
  const slo = `${perf.sloPercentile} exceeds ${formatWithUnit(perf.sloMs, 'ms')}`;
  const sloPart = isFiniteNumber(sloMax) ? (sloMax > 0 ? `${slo} above ${formatWithUnit(sloMax, 'rps')}` : `${slo} at any load`) : `${slo} at no load shown`;
  const planned = formatWithUnit(perf.plannedRps, 'rps');
  // Past capacity the queue grows without bound: a latency figure there means nothing (issue 15 item 5).
  const plannedPart =
    atPlanned.offeredOverCapacity > 1
      ? `planned load ${planned} is overloaded (${formatPercent(atPlanned.offeredOverCapacity)} of capacity)`
      : `planned load ${planned} with ${atPlanned.percentile} ${formatWithUnit(atPlanned.atPlannedMs, 'ms')}`;
  return `Capacity ${cap}; ${sloPart}; ${plannedPart}.`;
}

export function throughputSummary(curve: readonly ClosedPoint[]): string {
  let best: ClosedPoint | undefined;
  for (const p of curve) if (isFiniteNumber(p.throughputRps) && (!best || p.throughputRps > best.throughputRps)) best = p;
  if (!best) return 'No closed-loop data.';
  const knee = curve.find((p) => isFiniteNumber(p.throughputRps) && p.throughputRps >= 0.95 * best.throughputRps);
  const kneeUsers = knee ? knee.users : best.users;
  return `Throughput levels off at ${formatWithUnit(best.throughputRps, 'rps')} from about ${formatNumber(kneeUsers)} users; past that, more users only add latency (mean ${formatWithUnit(best.meanMs, 'ms')} at ${formatNumber(best.users)} users).`;
}

/** Tick steps a reader counts in: 1, 2, 2.5 or 5 × 10^k. */
const STEPS = [1, 2, 2.5, 5, 10];

/**
 * Ticks from 0 to a round value at or above `max`, about `target` intervals, on a round step, so
 * an axis always ends on a labelled round number (issue 15 item 11).
 */
export function roundTicks(max: number, target = 5): number[] {
  if (!isFiniteNumber(max) || max <= 0) return [0, 1];
  const raw = max / target;
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = (STEPS.find((s) => s * pow >= raw) ?? 10) * pow;
  const n = Math.ceil(max / step - 1e-9);
  // Integer multiples, rounded to the step's precision, so no tick reads 0.30000000000000004.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toFixed(digits)));
}

/**
 * Round x-axis ticks whose labels all fit the plot width: the most ticks (5 down to 2) whose widest
 * label, with a gap, fits each slot. Recharts would otherwise drop labels that collide, leaving an
 * uneven "0, 1,000, 3,000, 5,000" at 390 px (issue 15 item 11).
 */
export function fittingTicks(max: number, plotPx: number): number[] {
  let ticks = roundTicks(max);
  for (let target = 5; target >= 2; target--) {
    ticks = roundTicks(max, target);
    const widest = Math.max(...ticks.map((t) => tickLabel(t).length));
    if (ticks.length * (widest * CHAR_PX + TICK_GAP_PX) <= plotPx) return ticks;
  }
  return ticks;
}
/** Clear space between two x-axis tick labels. */
const TICK_GAP_PX = 8;

/** A tick label: grouped up to 9,999, then 10k, 1.5M, so no label is longer than five characters. */
export function tickLabel(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  const a = Math.abs(v);
  if (a >= 1e6) return `${formatNumber(v / 1e6)}M`;
  if (a >= 1e4) return `${formatNumber(v / 1e3)}k`;
  return formatNumber(v);
}

/** Tick text at 12 px is at most ~7.5 px per character; the tick mark and the gap take 10 px. */
const CHAR_PX = 7.5;
const TICK_PX = 10;
/** The rotated axis title (12 px text) beside the labels, with 4 px clear of them. */
const TITLE_PX = 18;

/**
 * Width of a y axis that has a rotated title: the longest tick label, the tick, and the title
 * beside them, so the title never overlaps a tick label (the second y axis used to draw its "ms"
 * across them).
 */
export function yAxisWidthPx(ticks: readonly number[]): number {
  const longest = Math.max(1, ...ticks.map((t) => tickLabel(t).length));
  return Math.ceil(longest * CHAR_PX + TICK_PX + TITLE_PX);
}

/**
 * Where the SLO line's label goes: at the end of the line away from the planned-load line, so
 * the two labels never share the same stretch of the chart, however narrow it is.
 */
export function sloLabelSide(plannedRps: number, xMax: number): 'left' | 'right' {
  return isFiniteNumber(plannedRps) && isFiniteNumber(xMax) && xMax > 0 && plannedRps < xMax / 2 ? 'right' : 'left';
}

/** A measured point (issue 14) in the latency chart's frame: load at nginx, mean and p95 of the app's requests. */
export interface MeasuredLatencyDatum {
  rps: number;
  measuredMean: number;
  measuredP95: number | null;
  /** "file:line" of the point. */
  source: string;
}

/** A measured closed-loop point in the throughput chart's frame (users, throughput at nginx). */
export interface MeasuredThroughputDatum {
  users: number;
  measuredThroughput: number;
  source: string;
}

/**
 * The session's measured points on the latency chart: each at the throughput it reached (app
 * requests/s as measured, over the plan's app share = the load at nginx that sends that many to
 * the app) against its measured mean. Sorted by load.
 */
export function measuredLatencyData(points: MeasuredPoints | null, appShare: number): MeasuredLatencyDatum[] {
  if (!points || !(appShare > 0)) return [];
  return [...points.closed, ...points.open]
    .map((r) => ({ rps: r.measuredRps / appShare, measuredMean: r.measuredMeanMs, measuredP95: r.measuredP95Ms, source: r.source }))
    .sort((a, b) => a.rps - b.rps);
}

/**
 * Closed-loop measured points on the throughput chart, only when the plan's users think as long as
 * the load generator's did (0 ms: wrk and k6 VUs send the next request at once). With think time
 * the same clients send far fewer requests, so the points would not belong on the plan's curve.
 */
export function measuredThroughputData(points: MeasuredPoints | null, appShare: number, thinkMs: number): MeasuredThroughputDatum[] {
  if (!points || !(appShare > 0) || thinkMs !== 0) return [];
  return points.closed.map((r) => ({ users: r.x, measuredThroughput: r.measuredRps / appShare, source: r.source }));
}

/** The measured points in words, for screen readers and the page text. */
export function measuredSummary(points: MeasuredPoints, latency: readonly MeasuredLatencyDatum[], onThroughput: boolean): string {
  const files = points.files.length > 3 ? `${points.files.slice(0, 2).join(', ')} and ${points.files.length - 2} more` : points.files.join(', ');
  const where = onThroughput ? 'on both charts' : 'on the latency chart (the throughput chart\'s users think between requests, the load generator\'s did not)';
  return `Measured points from ${files}: ${latency.length} drawn as dots ${where}.`;
}
