/** p95 (and p99) latency per balancing method, from the simulation. Lazy: Recharts stays out of the entry chunk. */
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../components/format';

export interface MethodBar {
  method: string;
  p95: number;
  p99: number;
}

const tick = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v));

export default function MethodChart({ data, sloMs }: { data: MethodBar[]; sloMs: number }) {
  return (
    <BarChart data={data} responsive style={{ width: '100%', height: 260 }} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
      <CartesianGrid stroke="#e3e6ea" vertical={false} />
      <XAxis dataKey="method" tick={{ fontSize: 11 }} interval={0} height={40} />
      <YAxis tickFormatter={tick} width={56} label={{ value: 'ms', angle: -90, position: 'insideLeft', fontSize: 12 }} />
      <Tooltip formatter={(v) => (typeof v === 'number' ? `${formatNumber(v)} ms` : '—')} isAnimationActive={false} />
      <Legend verticalAlign="top" height={24} />
      <Bar dataKey="p95" name="p95" fill="#3b6fb6" isAnimationActive={false} />
      <Bar dataKey="p99" name="p99" fill="#b5622d" isAnimationActive={false} />
      <ReferenceLine y={sloMs} stroke="#888" strokeDasharray="2 4" />
    </BarChart>
  );
}
