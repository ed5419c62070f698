/**
 * The Recharts drawings. This module is loaded lazily (React.lazy in ./charts-section.tsx) so the
 * first paint does not wait for Recharts (~100 KB gzip). Animations are off so a slider move
 * repaints in one frame.
 */
import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceDot, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../components/format';
import type { LatencyDatum, MeasuredLatencyDatum, MeasuredThroughputDatum, ThroughputDatum } from './chart-data';

const tick = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v));
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
/** Measured points as dots on their own data (Recharts takes per-series data on a Line). */
const MEASURED_DOT = { r: 4, fill: '#1f2933', stroke: '#fff' };

export const LatencyChart = memo(function LatencyChart({ data, plannedRps, sloMs, sloMaxRps, yMax, xMax, measured }: LatencyChartProps) {
  const showMarker = Number.isFinite(sloMaxRps) && sloMaxRps > 0;
  return (
    <LineChart responsive style={CHART_STYLE} data={data} margin={MARGIN}>
      <CartesianGrid stroke="#e3e6ea" />
      <XAxis dataKey="rps" type="number" domain={[0, xMax]} allowDataOverflow tickFormatter={tick} label={{ value: 'offered load (rps)', position: 'insideBottom', offset: -2, fontSize: 12 }} height={40} />
      <YAxis type="number" domain={[0, yMax]} allowDataOverflow tickFormatter={tick} width={52} label={{ value: 'ms', angle: -90, position: 'insideLeft', fontSize: 12 }} />
      <Tooltip formatter={tipFmt} labelFormatter={(v) => `${tick(v)} rps`} isAnimationActive={false} />
      <Legend verticalAlign="top" height={24} />
      <Line type="linear" dataKey="mean" name="mean" stroke="#5b6b7a" dot={false} isAnimationActive={false} connectNulls={false} />
      <Line type="linear" dataKey="p50" name="p50" stroke="#2f8f83" dot={false} isAnimationActive={false} connectNulls={false} />
      <Line type="linear" dataKey="p95" name="p95" stroke="#3b6fb6" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
      <Line type="linear" dataKey="p99" name="p99" stroke="#a23d6b" dot={false} isAnimationActive={false} connectNulls={false} />
      {measured && measured.length > 0 ? <Line data={measured} dataKey="measuredMean" name="measured mean" stroke="none" legendType="circle" dot={MEASURED_DOT} isAnimationActive={false} /> : null}
      <ReferenceLine y={sloMs} stroke="#b42318" strokeDasharray="6 4" label={{ value: `SLO ${formatNumber(sloMs)} ms`, position: 'insideTopLeft', fontSize: 12, fill: '#b42318' }} ifOverflow="extendDomain" />
      {Number.isFinite(plannedRps) ? <ReferenceLine x={plannedRps} stroke="#1f2933" strokeDasharray="3 3" label={{ value: 'planned', position: 'insideTopRight', fontSize: 12 }} /> : null}
      {showMarker ? <ReferenceDot x={sloMaxRps} y={Math.min(sloMs, yMax)} r={5} fill="#b42318" stroke="#fff" /> : null}
    </LineChart>
  );
});

export interface ThroughputChartProps {
  data: ThroughputDatum[];
  currentUsers: number | null;
  measured?: MeasuredThroughputDatum[];
}

export const ThroughputChart = memo(function ThroughputChart({ data, currentUsers, measured }: ThroughputChartProps) {
  return (
    <LineChart responsive style={CHART_STYLE} data={data} margin={MARGIN}>
      <CartesianGrid stroke="#e3e6ea" />
      <XAxis dataKey="users" type="number" domain={[0, 'dataMax']} tickFormatter={tick} label={{ value: 'concurrent users', position: 'insideBottom', offset: -2, fontSize: 12 }} height={40} />
      <YAxis yAxisId="rps" type="number" tickFormatter={tick} width={52} label={{ value: 'rps', angle: -90, position: 'insideLeft', fontSize: 12 }} />
      <YAxis yAxisId="ms" orientation="right" type="number" tickFormatter={tick} width={52} label={{ value: 'ms', angle: 90, position: 'insideRight', fontSize: 12 }} />
      <Tooltip formatter={tipFmt} labelFormatter={(v) => `${tick(v)} users`} isAnimationActive={false} />
      <Legend verticalAlign="top" height={24} />
      <Line yAxisId="rps" type="linear" dataKey="throughput" name="throughput (rps)" stroke="#3b6fb6" strokeWidth={2} dot={false} isAnimationActive={false} />
      <Line yAxisId="ms" type="linear" dataKey="mean" name="mean latency (ms)" stroke="#b5622d" dot={false} isAnimationActive={false} />
      {measured && measured.length > 0 ? <Line yAxisId="rps" data={measured} dataKey="measuredThroughput" name="measured throughput" stroke="none" legendType="circle" dot={MEASURED_DOT} isAnimationActive={false} /> : null}
      {currentUsers !== null && Number.isFinite(currentUsers) ? <ReferenceLine yAxisId="rps" x={currentUsers} stroke="#1f2933" strokeDasharray="3 3" label={{ value: 'planned', position: 'insideTopRight', fontSize: 12 }} /> : null}
    </LineChart>
  );
});
