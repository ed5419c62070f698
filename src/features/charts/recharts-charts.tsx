/**
 * The Recharts drawings. This module is loaded lazily (React.lazy in ./charts-section.tsx) so the
 * first paint does not wait for Recharts (~100 KB gzip). Animations are off so a slider move
 * repaints in one frame.
 */
import { memo, useCallback, useMemo, useRef, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceDot, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../components/format';
import { fittingTicks, roundTicks, sloLabelSide, tickLabel, yAxisWidthPx, type LatencyDatum, type MeasuredLatencyDatum, type MeasuredThroughputDatum, type ThroughputDatum } from './chart-data';

const tick = tickLabel;
const CHART_STYLE = { width: '100%', height: 280 } as const;
const MARGIN = { top: 8, right: 12, bottom: 4, left: 0 };
const tipFmt = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : '—');

export interface LatencyChartProps {
  data: LatencyDatum[];
  plannedRps: number;
  sloMs: number;
  sloMaxRps: number;
  yMax: number;
  xMax: number;
  /** Measured points of a calibration imported this session (issue 14): dots, no line. */
  measured?: MeasuredLatencyDatum[];
}
/**
 * The chart box's width in px (null until measured), for x ticks whose labels fit (390 px vs 1280 px).
 * Only whole-pixel changes re-render.
 */
function useBoxWidth(): [(el: HTMLDivElement | null) => void, number | null] {
  const [px, setPx] = useState<number | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    if (!el || typeof ResizeObserver === 'undefined') return;
    observer.current = new ResizeObserver(([entry]) => setPx(entry ? Math.round(entry.contentRect.width) : null));
    observer.current.observe(el);
  }, []);
  return [ref, px];
}
/** The plot's width between the y axes. */
const plotPx = (boxPx: number, ...axisPx: number[]) => boxPx - MARGIN.left - MARGIN.right - axisPx.reduce((a, b) => a + b, 0);

/** Measured points as dots on their own data (Recharts takes per-series data on a Line). */
const MEASURED_DOT = { r: 4, fill: '#1f2933', stroke: '#fff' };

/** Max of the finite values of some series: the top of a data-driven axis. */
function seriesMax<T>(data: readonly T[], pick: (d: T) => number | null): number {
  let max = 0;
  for (const d of data) {
    const v = pick(d);
    if (v !== null && Number.isFinite(v) && v > max) max = v;
  }
  return max;
}

/**
 * The planned-load label sits at the top of its line, on the line's wider side (right of a line in
 * the left half: "insideTopLeft" of a vertical line is to its right), so it never runs into the y
 * axis' tick labels. The SLO label is at the far end of the SLO line, which is in the bottom quarter
 * (the y axis runs to at least 4 × SLO): the two cannot meet.
 */
const plannedLabelPosition = (sloSide: 'left' | 'right') => (sloSide === 'right' ? 'insideTopLeft' : 'insideTopRight');

export const LatencyChart = memo(function LatencyChart({ data, plannedRps, sloMs, sloMaxRps, yMax, xMax, measured }: LatencyChartProps) {
  const showMarker = Number.isFinite(sloMaxRps) && sloMaxRps > 0;
  // Axes from 0 to a round tick (xMax and yMax are already round: chart-data.ts).
  const [boxRef, boxPx] = useBoxWidth();
  const yTicks = useMemo(() => roundTicks(yMax), [yMax]);
  const xTicks = useMemo(() => (boxPx === null ? roundTicks(xMax) : fittingTicks(xMax, plotPx(boxPx, yAxisWidthPx(yTicks)))), [xMax, boxPx, yTicks]);
  // The SLO label sits at the end of its line away from the planned-load line (no collision at 390 px).
  const sloSide = sloLabelSide(plannedRps, xMax);
  return (
    <div ref={boxRef}>
      <LineChart responsive style={CHART_STYLE} data={data} margin={MARGIN}>
        <CartesianGrid stroke="#e3e6ea" />
        <XAxis dataKey="rps" type="number" domain={[0, xTicks.at(-1) ?? xMax]} ticks={xTicks} allowDataOverflow tickFormatter={tick} label={{ value: 'offered load (rps)', position: 'insideBottom', offset: -2, fontSize: 12 }} height={40} />
        <YAxis type="number" domain={[0, yTicks.at(-1) ?? yMax]} ticks={yTicks} allowDataOverflow tickFormatter={tick} width={yAxisWidthPx(yTicks)} label={{ value: 'ms', angle: -90, position: 'insideLeft', fontSize: 12 }} />
        <Tooltip formatter={tipFmt} labelFormatter={(v) => `${tick(v)} rps`} isAnimationActive={false} />
        <Legend verticalAlign="top" height={24} />
        <Line type="linear" dataKey="mean" name="mean" stroke="#5b6b7a" dot={false} isAnimationActive={false} connectNulls={false} />
        <Line type="linear" dataKey="p50" name="p50" stroke="#2f8f83" dot={false} isAnimationActive={false} connectNulls={false} />
        <Line type="linear" dataKey="p95" name="p95" stroke="#3b6fb6" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
        <Line type="linear" dataKey="p99" name="p99" stroke="#a23d6b" dot={false} isAnimationActive={false} connectNulls={false} />
        {measured && measured.length > 0 ? <Line data={measured} dataKey="measuredMean" name="measured mean" stroke="none" legendType="circle" dot={MEASURED_DOT} isAnimationActive={false} /> : null}
        <ReferenceLine y={sloMs} stroke="#b42318" strokeDasharray="6 4" label={{ value: `SLO ${formatNumber(sloMs)} ms`, position: sloSide === 'right' ? 'insideTopRight' : 'insideTopLeft', fontSize: 12, fill: '#b42318' }} ifOverflow="extendDomain" />
        {Number.isFinite(plannedRps) ? <ReferenceLine x={plannedRps} stroke="#1f2933" strokeDasharray="3 3" label={{ value: 'planned', position: plannedLabelPosition(sloSide), fontSize: 12 }} /> : null}
        {showMarker ? <ReferenceDot x={sloMaxRps} y={Math.min(sloMs, yMax)} r={5} fill="#b42318" stroke="#fff" /> : null}
      </LineChart>
    </div>
  );
});

export interface ThroughputChartProps {
  data: ThroughputDatum[];
  currentUsers: number | null;
  measured?: MeasuredThroughputDatum[];
}

export const ThroughputChart = memo(function ThroughputChart({ data, currentUsers, measured }: ThroughputChartProps) {
  const [boxRef, boxPx] = useBoxWidth();
  const ticks = useMemo(() => {
    const rps = roundTicks(seriesMax(data, (d) => d.throughput));
    const ms = roundTicks(seriesMax(data, (d) => d.mean));
    const usersMax = seriesMax(data, (d) => d.users);
    const users = boxPx === null ? roundTicks(usersMax) : fittingTicks(usersMax, plotPx(boxPx, yAxisWidthPx(rps), yAxisWidthPx(ms)));
    return { users, rps, ms };
  }, [data, boxPx]);
  return (
    <div ref={boxRef}>
      <LineChart responsive style={CHART_STYLE} data={data} margin={MARGIN}>
        <CartesianGrid stroke="#e3e6ea" />
        <XAxis dataKey="users" type="number" domain={[0, ticks.users.at(-1) ?? 'dataMax']} ticks={ticks.users} tickFormatter={tick} label={{ value: 'concurrent users', position: 'insideBottom', offset: -2, fontSize: 12 }} height={40} />
        <YAxis yAxisId="rps" type="number" domain={[0, ticks.rps.at(-1) ?? 'auto']} ticks={ticks.rps} tickFormatter={tick} width={yAxisWidthPx(ticks.rps)} label={{ value: 'rps', angle: -90, position: 'insideLeft', fontSize: 12 }} />
        {/* The width leaves room for the rotated title beside the tick labels: it never overlaps them. */}
        <YAxis yAxisId="ms" orientation="right" type="number" domain={[0, ticks.ms.at(-1) ?? 'auto']} ticks={ticks.ms} tickFormatter={tick} width={yAxisWidthPx(ticks.ms)} label={{ value: 'ms', angle: 90, position: 'insideRight', fontSize: 12 }} />
        <Tooltip formatter={tipFmt} labelFormatter={(v) => `${tick(v)} users`} isAnimationActive={false} />
        <Legend verticalAlign="top" height={24} />
        <Line yAxisId="rps" type="linear" dataKey="throughput" name="throughput (rps)" stroke="#3b6fb6" strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line yAxisId="ms" type="linear" dataKey="mean" name="mean latency (ms)" stroke="#b5622d" dot={false} isAnimationActive={false} />
        {measured && measured.length > 0 ? <Line yAxisId="rps" data={measured} dataKey="measuredThroughput" name="measured throughput" stroke="none" legendType="circle" dot={MEASURED_DOT} isAnimationActive={false} /> : null}
        {currentUsers !== null && Number.isFinite(currentUsers) ? <ReferenceLine yAxisId="rps" x={currentUsers} stroke="#1f2933" strokeDasharray="3 3" label={{ value: 'planned', position: plannedLabelPosition(sloLabelSide(currentUsers, ticks.users.at(-1) ?? 0)), fontSize: 12 }} /> : null}
      </LineChart>
    </div>
  );
});
