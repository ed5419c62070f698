/**
 * Iterator age of the hottest stream shard over the first day of traffic (Recharts), loaded lazily
 * like the other DynamoDB charts. The line is the age of the record being read; the dashed line is
 * the alarm threshold.
 */
import { memo } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../components/format';
import type { DynamoStreamUnits } from '../../engine/dynamodb/types';

const CHART_STYLE = { width: '100%', height: 240 } as const;
const hhmm = (v: unknown) => (typeof v === 'number' ? `${String(Math.floor(v / 60)).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}` : String(v));

export const StreamAgeChart = memo(function StreamAgeChart({ stream }: { stream: DynamoStreamUnits }) {
  const data = stream.agePoints.map((p) => ({ minute: p.minute, ageMin: p.ageS / 60, arrival: p.arrivalPerSec, processed: p.processedPerSec }));
  const alarmMin = stream.alarmIteratorAgeMs.value / 60_000;
  return (
    <ComposedChart responsive style={CHART_STYLE} data={data} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
      <CartesianGrid stroke="#e3e6ea" />
      <XAxis dataKey="minute" type="number" domain={[0, 1440]} ticks={[0, 180, 360, 540, 720, 900, 1080, 1260, 1440]} tickFormatter={hhmm} height={40} label={{ value: 'time of day (UTC)', position: 'insideBottom', offset: -2, fontSize: 12 }} />
      <YAxis yAxisId="age" type="number" tickFormatter={(v) => formatNumber(v)} width={56} label={{ value: 'IteratorAge (min)', angle: -90, position: 'insideLeft', fontSize: 12 }} />
      <YAxis yAxisId="rate" orientation="right" type="number" tickFormatter={(v) => formatNumber(v)} width={56} />
      <Tooltip formatter={(v) => formatNumber(Number(v))} labelFormatter={hhmm} isAnimationActive={false} />
      <Legend verticalAlign="top" height={24} />
      <Line yAxisId="age" type="monotone" dataKey="ageMin" name="iterator age (min)" stroke="#b42318" strokeWidth={2} dot={false} isAnimationActive={false} />
      <Line yAxisId="rate" type="monotone" dataKey="arrival" name="records/s arriving (hottest shard)" stroke="#3b6fb6" dot={false} isAnimationActive={false} />
      <Line yAxisId="rate" type="monotone" dataKey="processed" name="records/s processed" stroke="#2f855a" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
      <ReferenceLine yAxisId="age" y={alarmMin} stroke="#1f2933" strokeDasharray="6 4" label={{ value: 'alarm', position: 'insideTopRight', fontSize: 12 }} />
    </ComposedChart>
  );
});
