/** Both plans' open-loop p95 curves on one chart. Lazy-loaded: Recharts stays out of the entry chunk. */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../components/format';
import type { P95Point } from './compare-data';

const tick = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v));

export interface CompareChartProps {
  a: { label: string; points: P95Point[]; sloMs: number };
  b: { label: string; points: P95Point[]; sloMs: number };
}

export default function CompareChart({ a, b }: CompareChartProps) {
  // Clip at 4 × the larger SLO so the knees stay visible (the curves end in a vertical wall).
  const yMax = Math.max(a.sloMs, b.sloMs) * 4;
  const xMax = Math.max(1, ...[...a.points, ...b.points].filter((p) => p.p95 <= yMax).map((p) => p.rps));
  return (
    <LineChart responsive style={{ width: '100%', height: 300 }} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
      <CartesianGrid stroke="#e3e6ea" />
      <XAxis dataKey="rps" type="number" domain={[0, xMax]} allowDataOverflow allowDuplicatedCategory={false} tickFormatter={tick} height={40} label={{ value: 'offered load (rps)', position: 'insideBottom', offset: -2, fontSize: 12 }} />
      <YAxis type="number" domain={[0, yMax]} allowDataOverflow tickFormatter={tick} width={52} label={{ value: 'p95 ms', angle: -90, position: 'insideLeft', fontSize: 12 }} />
      <Tooltip formatter={(v) => (typeof v === 'number' ? formatNumber(v) : '—')} labelFormatter={(v) => `${tick(v)} rps`} isAnimationActive={false} />
      <Legend verticalAlign="top" height={24} />
      <Line data={a.points} dataKey="p95" name={`A: ${a.label}`} stroke="#3b6fb6" strokeWidth={2} dot={false} isAnimationActive={false} />
      <Line data={b.points} dataKey="p95" name={`B: ${b.label}`} stroke="#b5622d" strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} />
      <ReferenceLine y={a.sloMs} stroke="#3b6fb6" strokeOpacity={0.5} strokeDasharray="2 4" />
      {b.sloMs !== a.sloMs ? <ReferenceLine y={b.sloMs} stroke="#b5622d" strokeOpacity={0.5} strokeDasharray="2 4" /> : null}
    </LineChart>
  );
}
