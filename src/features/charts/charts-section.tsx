/**
 * Chart figures. The heading, the aria-label summary and data attributes live here (entry
 * chunk); the Recharts drawing itself is lazy-loaded, with a fixed-height placeholder so the
 * layout does not jump when it arrives.
 */
import { lazy, Suspense, useMemo } from 'react';
import { AfterFirstPaint } from '../../components/after-first-paint';
import { Section } from '../../components/section';
import { useAnalysis } from '../../state/use-analysis';
import { latencyData, latencySummary, latencyXMax, latencyYMax, throughputData, throughputSummary } from './chart-data';

const LatencyChart = lazy(() => import('./recharts-charts').then((m) => ({ default: m.LatencyChart })));
const ThroughputChart = lazy(() => import('./recharts-charts').then((m) => ({ default: m.ThroughputChart })));

const placeholder = <div className="chart-placeholder">Loading chart…</div>;

export function ChartsSection() {
  // The curves follow the plan a beat behind a slider (at most ~150 ms during a drag): the
  // headline numbers repaint in the slider's frame, the Recharts redraw in a task of its own.
  const chartPerf = useAnalysis('curves', (a) => a.web.performance);
  const chartSlo = useAnalysis('curves', (a) => a.slo);
  const latency = useMemo(() => latencyData(chartPerf.openCurve), [chartPerf.openCurve]);
  const throughput = useMemo(() => throughputData(chartPerf.closedCurve), [chartPerf.closedCurve]);
  const latencyText = latencySummary(chartPerf, chartSlo);
  const throughputText = useMemo(() => throughputSummary(chartPerf.closedCurve), [chartPerf.closedCurve]);
  const capacity = chartPerf.capacityRps.value;
  return (
    <Section id="charts" title="Load curves">
      <figure className="chart">
        <h3 id="chart-latency-h">Latency against offered load</h3>
        <div className="chart-box" role="img" aria-label={latencyText} data-testid="chart-latency" data-capacity={Number.isFinite(capacity) ? capacity.toFixed(3) : ''} data-points={latency.length}>
          <AfterFirstPaint fallback={placeholder}>
          <Suspense fallback={placeholder}>
            <LatencyChart data={latency} plannedRps={chartPerf.plannedRps} sloMs={chartPerf.sloMs} sloMaxRps={chartPerf.sloMaxRps.value} yMax={latencyYMax(chartPerf.sloMs)} xMax={latencyXMax(chartPerf, latency)} />
          </Suspense>
          </AfterFirstPaint>
        </div>
        <figcaption className="chart-caption">
          {latencyText} Axes clipped at 4 × SLO and just past the knee.
        </figcaption>
      </figure>
      <figure className="chart">
        <h3 id="chart-closed-h">Throughput against concurrent users</h3>
        <div className="chart-box" role="img" aria-label={throughputText} data-testid="chart-closed" data-points={throughput.length}>
          <AfterFirstPaint fallback={placeholder}>
          <Suspense fallback={placeholder}>
            <ThroughputChart data={throughput} currentUsers={chartPerf.currentClosed ? chartPerf.currentClosed.users : null} />
          </Suspense>
          </AfterFirstPaint>
        </div>
        <figcaption className="chart-caption">{throughputText}</figcaption>
      </figure>
    </Section>
  );
}
