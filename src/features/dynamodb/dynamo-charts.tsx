/**
 * Recharts drawings of the DynamoDB panel, loaded lazily (React.lazy in ./dynamo-panel.tsx) so
 * the first paint does not wait for Recharts. Animations are off so edits repaint at once.
 */
import { memo } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, formatUsd } from '../../components/format';
import type { CostChart, DayChart } from '../../engine/dynamodb/chart-data';

const CHART_STYLE = { width: '100%', height: 260 } as const;
const MARGIN = { top: 8, right: 12, bottom: 4, left: 0 };
const tick = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v));
const usd = formatUsd;
const hhmm = (v: unknown) => (typeof v === 'number' ? `${String(Math.floor(v / 60)).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}` : String(v));

export const DynamoCostChart = memo(function DynamoCostChart({ chart }: { chart: CostChart }) {
  return (
    <LineChart responsive style={CHART_STYLE} data={chart.points} margin={MARGIN}>
      <CartesianGrid stroke="#e3e6ea" />
      <XAxis dataKey="utilisationPct" type="number" domain={[0, 100]} tickFormatter={(v) => `${tick(v)}%`} label={{ value: 'average utilisation of provisioned capacity', position: 'insideBottom', offset: -2, fontSize: 12 }} height={40} />
      <YAxis type="number" tickFormatter={(v) => `$${tick(v)}`} width={64} allowDataOverflow domain={[0, Math.max(1e-6, chart.onDemandUsd * 3)]} />
      <Tooltip formatter={usd} labelFormatter={(v) => `${tick(v)}% utilisation`} isAnimationActive={false} />
      <Legend verticalAlign="top" height={24} />
      <Line type="monotone" dataKey="provisionedUsd" name="provisioned ($/month)" stroke="#3b6fb6" strokeWidth={2} dot={false} isAnimationActive={false} />
      <Line type="linear" dataKey="onDemandUsd" name="on-demand ($/month)" stroke="#b5622d" strokeWidth={2} dot={false} isAnimationActive={false} />
      <ReferenceLine x={chart.breakEvenPct} stroke="#b42318" strokeDasharray="6 4" label={{ value: `break-even ${chart.breakEvenPct.toFixed(1)}%`, position: 'insideTopRight', fontSize: 12, fill: '#b42318' }} />
      {chart.currentPct > 0 ? <ReferenceLine x={chart.currentPct} stroke="#1f2933" strokeDasharray="3 3" label={{ value: 'this plan', position: 'insideTopLeft', fontSize: 12 }} /> : null}
    </LineChart>
  );
});

export const DynamoDayChart = memo(function DynamoDayChart({ chart, dimension }: { chart: DayChart; dimension: 'read' | 'write' }) {
  const unit = dimension === 'read' ? 'RCU' : 'WCU';
  const spans = dimension === 'read' ? chart.readSpans : chart.writeSpans;
  return (
    <ComposedChart responsive style={CHART_STYLE} data={chart.points} margin={MARGIN}>
      <CartesianGrid stroke="#e3e6ea" />
      <XAxis dataKey="minute" type="number" domain={[0, 1440]} ticks={[0, 180, 360, 540, 720, 900, 1080, 1260, 1440]} tickFormatter={hhmm} label={{ value: 'time of day (UTC)', position: 'insideBottom', offset: -2, fontSize: 12 }} height={40} />
      <YAxis type="number" tickFormatter={tick} width={56} label={{ value: unit, angle: -90, position: 'insideLeft', fontSize: 12 }} />
      <Tooltip formatter={(v) => tick(v)} labelFormatter={hhmm} isAnimationActive={false} />
      <Legend verticalAlign="top" height={24} />
      {spans.map((s) => (
        <ReferenceArea key={s.startMinute} x1={s.startMinute} x2={s.endMinute} fill="#b42318" fillOpacity={0.18} strokeOpacity={0} ifOverflow="extendDomain" />
      ))}
      <Line type="monotone" dataKey={`${dimension}Consumed`} name={`demand (${unit}/s)`} stroke="#5b6b7a" strokeWidth={2} dot={false} isAnimationActive={false} />
      <Line type="stepAfter" dataKey={`${dimension}Provisioned`} name={`provisioned (${unit})`} stroke="#3b6fb6" strokeWidth={2} dot={false} isAnimationActive={false} />
      <Line type="stepAfter" dataKey={`${dimension}Throttled`} name={`throttled (${unit}/s)`} stroke="#b42318" dot={false} isAnimationActive={false} />
    </ComposedChart>
  );
});
