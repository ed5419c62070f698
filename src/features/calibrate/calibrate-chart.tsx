/**
 * Measured points (dots) against the fitted model (line): throughput and mean latency by clients
 * (closed loop) or by offered rate (open loop). Lazy-loaded: Recharts stays out of the entry chunk.
 */
import { CartesianGrid, ComposedChart, Legend, Line, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { OverlayRow } from '../../calibrate/overlay';
import { formatNumber } from '../../components/format';

const tick = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v));

export default function CalibrateChart({ overlay }: { overlay: { closed: OverlayRow[]; open: OverlayRow[] } }) {
  const closed = overlay.closed.length > 0;
  const rows = closed ? overlay.closed : overlay.open;
  return (
    <figure className="calib-chart" data-testid="calib-chart">
      <ComposedChart data={rows} responsive style={{ width: '100%', height: 260 }} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
        <CartesianGrid stroke="#e3e6ea" />
        <XAxis dataKey="x" type="number" scale={closed ? 'log' : 'linear'} domain={['auto', 'auto']} tickFormatter={tick} height={40} label={{ value: closed ? 'clients' : 'offered rps', position: 'insideBottom', offset: -2, fontSize: 12 }} />
        <YAxis yAxisId="rps" type="number" tickFormatter={tick} width={52} label={{ value: 'rps', angle: -90, position: 'insideLeft', fontSize: 12 }} />
        <YAxis yAxisId="ms" orientation="right" type="number" tickFormatter={tick} width={52} label={{ value: 'mean ms', angle: 90, position: 'insideRight', fontSize: 12 }} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? formatNumber(v) : '—')} labelFormatter={(v) => `${tick(v)} ${closed ? 'clients' : 'rps'}`} isAnimationActive={false} />
        <Legend verticalAlign="top" height={24} />
        <Line yAxisId="rps" dataKey="predictedRps" name="fitted rps" stroke="#3b6fb6" strokeWidth={2} dot={false} isAnimationActive={false} />
        <Scatter yAxisId="rps" dataKey="measuredRps" name="measured rps" fill="#3b6fb6" isAnimationActive={false} />
        <Line yAxisId="ms" dataKey="predictedMeanMs" name="fitted mean ms" stroke="#b5622d" strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} />
        <Scatter yAxisId="ms" dataKey="measuredMeanMs" name="measured mean ms" fill="#b5622d" isAnimationActive={false} />
      </ComposedChart>
      <figcaption className="hint">Dots: measured. Lines: the engine's model with the fitted values.</figcaption>
    </figure>
  );
}
