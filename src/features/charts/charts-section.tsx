/**
 * Chart figures. The heading, the aria-label summary and data attributes live here (entry
 * chunk); the Recharts drawing itself is lazy-loaded, with a fixed-height placeholder so the
 * layout does not jump when it arrives.
 */
import { lazy, Suspense, useMemo } from 'react';
import { Section } from '../../components/section';
import { useSizing } from '../../state/use-sizing';
import { latencyData, latencySummary, latencyYMax, throughputData, throughputSummary } from './chart-data';

const LatencyChart = lazy(() => import('./recharts-charts').then((m) => ({ default: m.LatencyChart })));
const ThroughputChart = lazy(() => import('./recharts-charts').then((m) => ({ default: m.ThroughputChart })));

const placeholder = <div className="chart-placeholder">Loading chart…</div>;

export function ChartsSection() {
  const { performance: perf } = useSizing();
  const latency = useMemo(() => latencyData(perf.openCurve), [perf.openCurve]);
  const throughput = useMemo(() => throughputData(perf.closedCurve), [perf.closedCurve]);
  const latencyText = latencySummary(perf);
  const throughputText = useMemo(() => throughputSummary(perf.closedCurve), [perf.closedCurve]);
  const yMax = latencyYMax(perf.sloMs);
  const capacity = perf.capacityRps.value;
  return (
    <Section id="charts" title="Load curves">
      <figure className="chart">
        <h3 id="chart-latency-h">Latency against offered load</h3>
        <div className="chart-box" role="img" aria-label={latencyText} data-testid="chart-latency" data-capacity={Number.isFinite(capacity) ? capacity.toFixed(3) : ''} data-points={latency.length}>
          <Suspense fallback={placeholder}>
            <LatencyChart data={latency} plannedRps={perf.plannedRps} sloMs={perf.sloMs} sloMaxRps={perf.sloMaxRps.value} yMax={yMax} />
          </Suspense>
        </div>
        <figcaption className="chart-caption">
          {latencyText} Y axis clipped at 4 × SLO.
        </figcaption>
      </figure>
      <figure className="chart">
        <h3 id="chart-closed-h">Throughput against concurrent users</h3>
        <div className="chart-box" role="img" aria-label={throughputText} data-testid="chart-closed" data-points={throughput.length}>
          <Suspense fallback={placeholder}>
            <ThroughputChart data={throughput} currentUsers={perf.currentClosed ? perf.currentClosed.users : null} />
          </Suspense>
        </div>
        <figcaption className="chart-caption">{throughputText}</figcaption>
      </figure>
    </Section>
  );
}
